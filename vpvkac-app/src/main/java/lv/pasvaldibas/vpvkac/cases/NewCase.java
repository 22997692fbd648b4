package lv.pasvaldibas.vpvkac.cases;

import lv.pasvaldibas.vpvkac.client.Client;

/** What a specialist registers: for whom, which service, at which centre, through which channel. */
public record NewCase(Client client, String serviceCode, long centreId, Channel channel, String note) {
}
