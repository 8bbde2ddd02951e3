package io.peerwall.p2p.blocklist;

/**
 * One password of a public list, as written there.
 *
 * @param list the list it comes from
 * @param vendor the vendor column (trimmed; a trailing "(web)"-style protocol kept), or null
 * @param password the password exactly as listed (spaces around it trimmed)
 */
record DefaultCredential(BlocklistSource list, String vendor, String password) {}
