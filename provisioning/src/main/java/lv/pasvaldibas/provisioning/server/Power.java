package lv.pasvaldibas.provisioning.server;

/** Whether a server should run or has stopped, as the daemon wants it and as a host reports it. */
public enum Power { RUNNING, STOPPED }
