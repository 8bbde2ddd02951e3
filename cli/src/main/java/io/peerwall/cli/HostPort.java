package io.peerwall.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code HOST:PORT} (or {@code [v6]:PORT}) and resolves the host once. */
public final class HostPort implements ITypeConverter<InetSocketAddress> {
  @Override
  public InetSocketAddress convert(String value) throws Exception {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new TypeConversionException(
          "'" + value + "' is not HOST:PORT (for example 127.0.0.1:7700)");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "': the port must be a number");
    }
    if (port < 1 || port > 65535) {
      throw new TypeConversionException("'" + value + "': the port must be 1 to 65535");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new TypeConversionException("'" + value + "': unknown host " + host);
    }
  }

  /**
   * Reads and resolves a {@code HOST:PORT} from a settings file or another command's option, where
   * a bad value is the user's to fix: {@link UserFacingException} with exit code {@link
   * ExitCode#USAGE}.
   */
  public static InetSocketAddress resolve(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new UserFacingException(ExitCode.USAGE, "'" + hostPort + "' is not HOST:PORT");
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (IOException | NumberFormatException e) {
      throw new UserFacingException(ExitCode.USAGE, "cannot resolve '" + hostPort + "'", e);
    }
  }
}
