package io.peerwall.cli;

/**
 * A top-level {@code peerwall} command that the entry point does not know when it is compiled: a
 * module lists its command class in {@code META-INF/services/io.peerwall.cli.PluggableCommand} and
 * the entry point adds every one it finds with {@link java.util.ServiceLoader} to its command tree.
 * This is how {@code peerwall bench} joins while nothing depends on the bench module.
 *
 * <p>Implementations are picocli commands ({@code @Command}) with a public no-argument constructor.
 */
public interface PluggableCommand {}
