package lv.pasvaldibas.trust;

/** What was done to a trust; each one is a line of its history and an audit record. */
public enum TrustAction { PROPOSED, APPROVED, REJECTED, SUSPENDED, RESUMED, REVOKED, REVIEWED }
