package lv.pasvaldibas.monitor.signin;

/**
 * A signed-in officer's session: who, the identity provider's name for them and its session (for single
 * logout), and the token that every form of the session must carry back (against cross-site requests).
 */
public record WebSession(Officer officer, String nameId, String nameIdFormat, String sessionIndex, String csrf) {
}
