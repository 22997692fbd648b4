package lv.pasvaldibas.directory;

/** What the directory says about an account, read before each password check. */
public enum AccountState { ACTIVE, DISABLED, LOCKED }
