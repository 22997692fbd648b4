package lv.pasvaldibas.vpvkac.quality;

/** What quality indicators can be grouped by, besides the month, which they always are. */
public enum Dimension {
    SERVICE, INSTITUTION, MUNICIPALITY, CENTRE, CHANNEL
}
