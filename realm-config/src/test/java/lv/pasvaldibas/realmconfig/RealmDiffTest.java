package lv.pasvaldibas.realmconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealmDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static List<String> lines(Plan plan) {
        return plan.changes().stream().map(Change::render).toList();
    }

    /** A platform as Keycloak would answer after importing {@code wanted}: extra defaults everywhere. */
    private static final String PLATFORM = """
            {'realm':'r','id':'x','enabled':true,'displayName':'Mine','sslRequired':'external','accessTokenLifespan':300,
             'supportedLocales':['en','lv'],
             'roles':{'realm':[{'id':'1','name':'employee','description':'Employee','composite':false,'attributes':{}},
                               {'id':'2','name':'offline_access'},{'id':'3','name':'default-roles-r'}],
                      'client':{'app':[{'id':'r1','name':'viewer','description':'Views','composite':false,'clientRole':true,
                                        'containerId':'c1','attributes':{}}],
                                'account':[{'id':'r2','name':'manage-account','clientRole':true,'containerId':'c2'}]}},
             'clientScopes':[{'id':'s1','name':'profile','protocol':'openid-connect'}],
             'clients':[{'id':'c1','clientId':'app','enabled':true,'publicClient':true,'secret':'s3cr3t-value',
                         'redirectUris':['http://b/*','http://a/*'],'attributes':{'pkce.code.challenge.method':'S256','other':'1'},
                         'protocolMappers':[{'id':'m1','name':'municipality','protocol':'openid-connect','protocolMapper':'p',
                                             'config':{'claim.name':'municipality','access.token.claim':'true'}}],
                         'defaultClientScopes':['profile','municipal-trust'],'optionalClientScopes':[]},
                        {'id':'c2','clientId':'account'}],
             'groups':[],
             'organizations':[{'id':'o1','alias':'ventspils','name':'Ventspils','enabled':true,
                               'domains':[{'name':'ventspils.lv','verified':true}],'attributes':{'name_en':['Ventspils']}}]}
            """;

    private static final String WANTED = """
            {'realm':'r','enabled':true,'displayName':'Mine','supportedLocales':['lv','en'],
             'roles':{'realm':[{'name':'employee','description':'Employee'}],'client':{'app':[{'name':'viewer','description':'Views'}]}},
             'clients':[{'clientId':'app','publicClient':true,'redirectUris':['http://a/*','http://b/*'],
                         'attributes':{'pkce.code.challenge.method':'S256'},
                         'protocolMappers':[{'name':'municipality','protocol':'openid-connect','protocolMapper':'p',
                                             'config':{'claim.name':'municipality','access.token.claim':'true'}}],
                         'defaultClientScopes':['profile']}],
             'components':{'org.keycloak.storage.UserStorageProvider':[{'name':'dirs'}]},
             'users':[{'username':'u'}],
             'organizations':[{'alias':'ventspils','name':'Ventspils','enabled':true,
                               'domains':[{'name':'ventspils.lv','verified':true}],'attributes':{'name_en':['Ventspils']}}]}
            """;

    @Test
    void anUnchangedRealmHasNothingToDoThoughKeycloakAddedDefaultsAndReorderedLists() throws Exception {
        Plan plan = RealmDiff.plan(json(WANTED), json(PLATFORM), false);
        assertThat(lines(plan)).isEmpty();
        assertThat(plan.nothingToDo()).isTrue();
        assertThat(plan.kept()).isEmpty();
        assertThat(plan.skipped()).anySatisfy(s -> assertThat(s).startsWith("components:").contains("directory admin API"))
                .anySatisfy(s -> assertThat(s).startsWith("users:"))
                .noneSatisfy(s -> assertThat(s).startsWith("roles"));
    }

    @Test
    void aNewClientIsCreatedWholeAndNothingElseIsTouched() throws Exception {
        JsonNode wanted = json(WANTED);
        ((com.fasterxml.jackson.databind.node.ArrayNode) wanted.get("clients")).add(json("{'clientId':'new-app','protocolMappers':[{'name':'m'}]}"));
        Plan plan = RealmDiff.plan(wanted, json(PLATFORM), false);
        assertThat(lines(plan)).containsExactly("create client new-app");
        assertThat(plan.changes().get(0).body().get("protocolMappers")).hasSize(1);
    }

    @Test
    void aChangedFieldIsShownWithBothValuesAndTheUpdateKeepsWhatTheFileDoesNotName() throws Exception {
        JsonNode wanted = json(WANTED.replace("'http://a/*','http://b/*'", "'http://a/*','http://c/*'")
                .replace("'displayName':'Mine'", "'displayName':'Ours'"));
        Plan plan = RealmDiff.plan(wanted, json(PLATFORM), false);
        assertThat(lines(plan)).containsExactly(
                "update realm settings: displayName: \"Mine\" -> \"Ours\"",
                "update client app: redirectUris: [\"http://b/*\",\"http://a/*\"] -> [\"http://a/*\",\"http://c/*\"]");
        Change client = plan.changes().get(1);
        assertThat(client.id()).isEqualTo("c1");
        assertThat(client.body().get("attributes").get("other").asText()).as("kept from the platform").isEqualTo("1");
        assertThat(client.body().has("protocolMappers")).as("mappers have their own endpoint").isFalse();
        assertThat(plan.changes().get(0).body().fieldNames()).toIterable().containsExactlyInAnyOrder("realm", "displayName");
    }

    @Test
    void aChangedProtocolMapperAndAMissingScopeLinkAreTheirOwnChanges() throws Exception {
        JsonNode wanted = json(WANTED.replace("'access.token.claim':'true'", "'access.token.claim':'false'")
                .replace("'defaultClientScopes':['profile']", "'defaultClientScopes':['profile','email']"));
        Plan plan = RealmDiff.plan(wanted, json(PLATFORM), false);
        assertThat(lines(plan)).containsExactly(
                "update protocol mapper municipality of client app: config.access.token.claim: \"true\" -> \"false\"",
                "create default client scope email of client app");
        assertThat(plan.changes().get(0).id()).isEqualTo("m1");
        assertThat(plan.changes().get(0).ownerId()).isEqualTo("c1");
    }

    @Test
    void whatTheFileDoesNotNameIsKeptUnlessDeleteIsAskedAndBuiltInsNeverGo() throws Exception {
        JsonNode platform = json(PLATFORM.replace("{'id':'c2','clientId':'account'}", "{'id':'c2','clientId':'account'},{'id':'c3','clientId':'old-app'}"));
        Plan keep = RealmDiff.plan(json(WANTED), platform, false);
        assertThat(keep.changes()).isEmpty();
        assertThat(keep.kept()).containsExactly("client old-app");

        Plan delete = RealmDiff.plan(json(WANTED), platform, true);
        assertThat(lines(delete)).containsExactly("delete client old-app");
        assertThat(delete.changes().get(0).id()).isEqualTo("c3");
    }

    @Test
    void aMissingClientRoleIsCreatedAfterItsClientAndANewClientsRolesWaitForItsId() throws Exception {
        JsonNode wanted = json(WANTED.replace("'client':{'app':[{'name':'viewer','description':'Views'}]}",
                        "'client':{'api':[{'name':'reader','description':'Reads'}],'app':[{'name':'viewer','description':'Views'},{'name':'editor'}]}")
                .replace("'clients':[", "'clients':[{'clientId':'api','publicClient':false},"));
        Plan plan = RealmDiff.plan(wanted, json(PLATFORM), false);
        assertThat(lines(plan)).containsExactly("create client api", "create client role reader of client api",
                "create client role editor of client app");
        Change reader = plan.changes().get(1);
        assertThat(reader.ownerId()).as("its client is made by this plan").isNull();
        assertThat(reader.owner()).isEqualTo("client api");
        assertThat(reader.body().get("description").asText()).isEqualTo("Reads");
        assertThat(plan.changes().get(2).ownerId()).isEqualTo("c1");
    }

    @Test
    void aClientRolesChangedDescriptionIsAnUpdateOfThatRole() throws Exception {
        JsonNode wanted = json(WANTED.replace("'name':'viewer','description':'Views'", "'name':'viewer','description':'Sees'"));
        Plan plan = RealmDiff.plan(wanted, json(PLATFORM), false);
        assertThat(lines(plan)).containsExactly("update client role viewer of client app: description: \"Views\" -> \"Sees\"");
        Change viewer = plan.changes().get(0);
        assertThat(viewer.id()).isEqualTo("r1");
        assertThat(viewer.body().get("containerId").asText()).as("kept from the platform").isEqualTo("c1");
    }

    @Test
    void anExtraClientRoleIsKeptUnlessDeleteIsAskedAndABuiltInClientsRolesNeverGo() throws Exception {
        JsonNode wanted = json(WANTED.replace("'client':{'app':", "'client':{'account':[],'app':"));
        JsonNode platform = json(PLATFORM.replace("'containerId':'c1','attributes':{}}]", "'containerId':'c1','attributes':{}},{'id':'r3','name':'old-role'}]"));
        Plan keep = RealmDiff.plan(wanted, platform, false);
        assertThat(keep.changes()).isEmpty();
        assertThat(keep.kept()).containsExactly("client role old-role of client app");

        Plan delete = RealmDiff.plan(wanted, platform, true);
        assertThat(lines(delete)).containsExactly("delete client role old-role of client app");
        assertThat(delete.changes().get(0).id()).isEqualTo("r3");
    }

    @Test
    void theRolesOfAClientThatIsNowhereAreSkippedWithTheReason() throws Exception {
        JsonNode wanted = json(WANTED.replace("'client':{'app':", "'client':{'ghost':[{'name':'x'}],'app':"));
        Plan plan = RealmDiff.plan(wanted, json(PLATFORM), false);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.skipped()).contains("roles.client ghost: no such client in realm-config or on the platform");
    }

    @Test
    void aClientSecretIsComparedButNeverShown() throws Exception {
        JsonNode wanted = json(WANTED.replace("'clientId':'app','publicClient':true,", "'clientId':'app','publicClient':false,'secret':'another-secret',"));
        JsonNode platform = json(PLATFORM.replace("'publicClient':true,'secret'", "'publicClient':false,'secret'"));
        Plan plan = RealmDiff.plan(wanted, platform, false);
        assertThat(lines(plan)).containsExactly("update client app: secret: changed (not shown)");
        assertThat(String.join("\n", lines(plan))).doesNotContain("s3cr3t-value", "another-secret");
    }

    @Test
    void aPublicClientsSecretIsNotComparedForKeycloakKeepsNone() throws Exception {
        JsonNode wanted = json(WANTED.replace("'clientId':'app',", "'clientId':'app','secret':'ignored',"));
        JsonNode platform = json(PLATFORM.replace("'secret':'s3cr3t-value',", ""));
        assertThat(RealmDiff.plan(wanted, platform, false).changes()).isEmpty();
    }

    @Test
    void groupsWithRolesAndSubGroupsAreCreatedAndTheirMissingRolesAdded() throws Exception {
        JsonNode wanted = json(WANTED.replace("'users':", "'groups':[{'name':'a','realmRoles':['employee'],'subGroups':[{'name':'b'}]},"
                + "{'name':'c','realmRoles':['employee','x']}],'users':"));
        JsonNode platform = json(PLATFORM.replace("'groups':[]", "'groups':[{'id':'g1','name':'c','realmRoles':['employee'],'subGroups':[]}]"));
        Plan plan = RealmDiff.plan(wanted, platform, false);
        assertThat(lines(plan)).containsExactly("create group /a", "create group realm role x of group /c");
        assertThat(plan.changes().get(1).ownerId()).isEqualTo("g1");
    }

    @Test
    void aServiceAccountsMissingRolesAreAddedItsDefaultRolesAreNeverExtraAndPeoplesAccountsAreNotCompared() throws Exception {
        String account = "{'username':'service-account-app','serviceAccountClientId':'app','realmRoles':['employee'],"
                + "'clientRoles':{'realm-management':['view-realm','view-users']}}";
        JsonNode wanted = json(WANTED.replace("'users':[{'username':'u'}]", "'users':[{'username':'u','realmRoles':['x']}," + account + "]"));
        JsonNode platform = json(PLATFORM.replace("'groups':[]", "'groups':[],'users':[{'username':'service-account-app',"
                + "'serviceAccountClientId':'app','realmRoles':['default-roles-r'],'clientRoles':{'realm-management':['view-realm'],"
                + "'broker':['read-token']}}]"));
        Plan plan = RealmDiff.plan(wanted, platform, false);
        assertThat(lines(plan)).containsExactly("create service account role employee of client app",
                "create service account role realm-management/view-users of client app");
        assertThat(plan.changes()).allSatisfy(c -> assertThat(c.ownerId()).isEqualTo("c1"));
        assertThat(plan.kept()).containsExactly("service account role broker/read-token of client app");
        assertThat(lines(RealmDiff.plan(wanted, platform, true))).contains("delete service account role broker/read-token of client app");
        // the client is new: its service account's roles wait for its id, after it
        JsonNode noClient = json(PLATFORM.replace("'clientId':'app'", "'clientId':'old-app'"));
        Plan fresh = RealmDiff.plan(wanted, noClient, false);
        assertThat(lines(fresh)).containsSubsequence("create client app", "create service account role employee of client app",
                "create service account role realm-management/view-realm of client app", "create service account role realm-management/view-users of client app");
        assertThat(fresh.changes().stream().filter(c -> c.kind() == Change.Kind.SERVICE_ACCOUNT_ROLE)).allSatisfy(c -> assertThat(c.ownerId()).isNull());
    }

    @Test
    void anOrganizationsChangedDomainIsAnUpdateAndANewOneACreate() throws Exception {
        JsonNode wanted = json(WANTED.replace("'name':'ventspils.lv','verified':true", "'name':'ventspils.gov.lv','verified':true")
                .replace("'organizations':[", "'organizations':[{'alias':'talsi','name':'Talsi','domains':[{'name':'talsi.lv'}]},"));
        Plan plan = RealmDiff.plan(wanted, json(PLATFORM), false);
        assertThat(lines(plan)).containsExactly("create organization talsi",
                "update organization ventspils: domains: [{\"name\":\"ventspils.lv\",\"verified\":true}] -> [{\"name\":\"ventspils.gov.lv\",\"verified\":true}]");
    }

    @Test
    void placeholdersTakeTheVariableElseTheDefaultElseStayAsWritten() throws Exception {
        JsonNode resolved = Placeholders.resolve(json("{'a':'${X:dflt}','b':['${Y:y}'],'c':'${email}','d':'pre-${Y}-post'}"),
                Map.of("Y", "set")::get);
        assertThat(resolved.toString()).isEqualTo("{\"a\":\"dflt\",\"b\":[\"set\"],\"c\":\"${email}\",\"d\":\"pre-set-post\"}");
    }

    @Test
    void theRealmFileInThisRepositoryHasNothingToDoAgainstItself() throws Exception {
        JsonNode realm = Placeholders.resolve(JSON.readTree(Files.readString(Path.of("pasvaldibas-realm.json"))), name -> null);
        Plan plan = RealmDiff.plan(realm, realm, true);
        assertThat(lines(plan)).isEmpty();
        assertThat(plan.skipped()).anySatisfy(s -> assertThat(s).startsWith("components:"));
    }

    @Test
    void everyClientsNameAndDescriptionFitKeycloaksColumns() throws Exception {
        // Keycloak stores them in 255-character columns; a longer one fails the whole realm import with
        // "Database operation failed" and no word of which field
        JsonNode realm = JSON.readTree(Files.readString(Path.of("pasvaldibas-realm.json")));
        for (JsonNode client : realm.path("clients")) {
            assertThat(client.path("description").asText().length()).as(client.path("clientId").asText()).isLessThanOrEqualTo(255);
            assertThat(client.path("name").asText().length()).as(client.path("clientId").asText()).isLessThanOrEqualTo(255);
        }
    }
}
