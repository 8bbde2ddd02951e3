package io.peerwall.p2p.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.testutil.ThreadLeaks;
import io.peerwall.p2p.testutil.UdpBindings;
import io.peerwall.p2p.transport.DatagramTransport;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ice4j.ice.harvest.HarvestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IceSessionTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @AfterEach
  void noThreadsLeft() throws InterruptedException {
    ThreadLeaks.assertNone();
  }

  @Test
  void bootstrapSwitchesOffExternalHarvesting() {
    Ice4jBootstrap.ensureConfigured();
    HarvestConfig hc = HarvestConfig.config;
    assertThat(hc.enableAwsHarvester()).isFalse();
    assertThat(hc.stunMappingCandidateHarvesterAddresses()).isEmpty();
    assertThat(hc.getUseDynamicPorts()).isFalse();
    assertThat(hc.getAllowedAddresses()).containsExactly(LOOPBACK);
  }

  @Test
  void twoAgentsConnectOverTheLoopbackHarvester() throws Exception {
    List<IceSessionEvent> eventsA = new CopyOnWriteArrayList<>();
    List<String> eventThreads = new CopyOnWriteArrayList<>();
    IceSession a = new IceSession("t-a", true, IceConfig.loopbackOnly());
    IceSession b = new IceSession("t-b", false, IceConfig.loopbackOnly());
    try {
      a.addListener(
          e -> {
            eventsA.add(e);
            eventThreads.add(Thread.currentThread().getName());
          });
      IceDescription da = a.gather();
      IceDescription db = b.gather();
      assertThat(da.candidates()).isNotEmpty();
      for (IceCandidate c : da.candidates()) {
        assertThat(c.address()).isEqualTo("127.0.0.1");
        assertThat(c.type()).isEqualTo("host");
      }
      assertThat(da.toString()).doesNotContain(da.password());

      // Through JSON, as over signaling.
      IceDescription daWire = IceDescription.parse(da.toJson());
      IceDescription dbWire = IceDescription.parse(db.toJson());
      assertThat(daWire).isEqualTo(da);

      long t0 = System.nanoTime();
      b.start(daWire);
      a.start(dbWire);
      DatagramTransport ta = a.awaitConnected(Duration.ofSeconds(5));
      DatagramTransport tb = b.awaitConnected(Duration.ofSeconds(5));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("ICE loopback connect: " + ms + " ms (a " + a.connectMillis() + " ms)");

      if (UdpBindings.available()) {
        // Nothing of ours (or ice4j's) listens on a real interface or the wildcard address.
        List<InetAddress> bound = UdpBindings.ofThisProcess();
        assertThat(bound).hasSizeGreaterThanOrEqualTo(2).allMatch(InetAddress::isLoopbackAddress);
      }
      for (IceSession s : List.of(a, b)) {
        SelectedPath p = s.selectedPath();
        assertThat(p.type()).isEqualTo(PathType.HOST);
        assertThat(p.type().sdpName()).isEqualTo("host");
        assertThat(p.local().getAddress()).isEqualTo(LOOPBACK);
        assertThat(p.remote().getAddress()).isEqualTo(LOOPBACK);
        assertThat(s.state()).isEqualTo(IceSessionState.CONNECTED);
      }
      assertThat(a.selectedPath().remote().getPort()).isEqualTo(b.selectedPath().local().getPort());

      // Datagrams both ways (RTP-looking first byte so nothing mistakes them for STUN).
      byte[] ping = {(byte) 0x80, 96, 1, 2, 3};
      ta.send(ping, 0, ping.length);
      byte[] buf = new byte[1500];
      int n = tb.receive(buf, 0, buf.length, 2000);
      assertThat(n).isEqualTo(ping.length);
      assertThat(java.util.Arrays.copyOf(buf, n)).isEqualTo(ping);
      byte[] pong = {(byte) 0x81, (byte) 201, 0, 1, 9, 9, 9, 9};
      tb.send(pong, 0, pong.length);
      n = ta.receive(buf, 0, buf.length, 2000);
      assertThat(java.util.Arrays.copyOf(buf, n)).isEqualTo(pong);
      assertThat(ta.receive(buf, 0, buf.length, 50)).isEqualTo(-1);
    } finally {
      a.close();
      b.close();
    }
    assertThat(a.state()).isEqualTo(IceSessionState.CLOSED);
    assertThat(eventsA)
        .extracting(IceSessionEvent::state)
        .containsExactly(
            IceSessionState.GATHERING,
            IceSessionState.CONNECTING,
            IceSessionState.CONNECTED,
            IceSessionState.CLOSED);
    assertThat(eventThreads).allMatch(t -> t.equals("p2p-ice-events-t-a"));
  }

  @Test
  void icePasswordsNeverReachAnyLog() throws Exception {
    Ice4jBootstrap.ensureConfigured();
    List<String> lines = new CopyOnWriteArrayList<>();
    java.util.logging.Handler jul =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            lines.add(String.valueOf(r.getMessage()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.setLevel(java.util.logging.Level.ALL);
    java.util.logging.Logger ice4j = java.util.logging.Logger.getLogger("org.ice4j");
    java.util.logging.Logger agentLog = java.util.logging.Logger.getLogger("org.ice4j.ice.Agent");
    java.util.logging.Level oldIce4j = ice4j.getLevel();
    java.util.logging.Level oldAgent = agentLog.getLevel();
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger ours =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.peerwall");
    ch.qos.logback.classic.Level oldOurs = ours.getLevel();
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    root.addAppender(appender);
    ours.setLevel(ch.qos.logback.classic.Level.TRACE);
    ice4j.addHandler(jul);
    ice4j.setLevel(java.util.logging.Level.ALL); // even at ALL ...
    agentLog.setLevel(java.util.logging.Level.ALL); // ... and with the pin undone
    String pwdA;
    String pwdB;
    try (IceSession a = new IceSession("t-pw-a", true, IceConfig.loopbackOnly());
        IceSession b = new IceSession("t-pw-b", false, IceConfig.loopbackOnly())) {
      IceDescription da = a.gather();
      IceDescription db = b.gather();
      pwdA = da.password();
      pwdB = db.password();
      b.start(da);
      a.start(db);
      a.awaitConnected(Duration.ofSeconds(5));
      b.awaitConnected(Duration.ofSeconds(5));
    } finally {
      ice4j.removeHandler(jul);
      ice4j.setLevel(oldIce4j);
      agentLog.setLevel(oldAgent);
      root.detachAppender(appender);
      ours.setLevel(oldOurs);
    }
    for (ch.qos.logback.classic.spi.ILoggingEvent e : appender.list) {
      lines.add(e.getFormattedMessage());
    }
    assertThat(lines).hasSizeGreaterThan(10); // we did capture ice4j's chatter
    assertThat(lines).noneMatch(l -> l.contains(pwdA) || l.contains(pwdB));
  }

  @Test
  void connectTimeoutFailsWithAClearReason() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        IceSession s =
            new IceSession(
                "t-timeout",
                true,
                IceConfig.builder().connectTimeout(Duration.ofMillis(700)).build())) {
      List<IceSessionEvent> events = new CopyOnWriteArrayList<>();
      s.addListener(events::add);
      s.gather();
      IceDescription remote =
          new IceDescription(
              "abcd",
              "0123456789012345678901",
              List.of(
                  new IceCandidate(
                      "1",
                      1,
                      "udp",
                      2130706431L,
                      "127.0.0.1",
                      silent.getLocalPort(),
                      "host",
                      null,
                      null)));
      s.start(remote);
      assertThatThrownBy(() -> s.awaitConnected(Duration.ofSeconds(5)))
          .isInstanceOf(IceFailedException.class)
          .hasMessageContaining("timed out after 700 ms");
      assertThat(s.state()).isEqualTo(IceSessionState.FAILED);
      assertThat(s.reason()).contains("timed out");
      Thread.sleep(50);
      assertThat(events).extracting(IceSessionEvent::state).contains(IceSessionState.FAILED);
    }
  }

  @Test
  void remoteCandidatesOutsideThePolicyAreNeverUsed() throws Exception {
    try (IceSession s = new IceSession("t-policy", true, IceConfig.loopbackOnly())) {
      s.gather();
      IceDescription remote =
          new IceDescription(
              "abcd",
              "0123456789012345678901",
              List.of(
                  new IceCandidate(
                      "1", 1, "udp", 2130706431L, "192.0.2.2", 9999, "host", null, null)));
      s.start(remote);
      assertThat(s.state()).isEqualTo(IceSessionState.FAILED);
      assertThat(s.reason()).contains("refused by address policy");
    }
  }

  @Test
  void invalidDescriptionsAreRejected() {
    String ok =
        "{\"ufrag\":\"abcd\",\"pwd\":\"0123456789012345678901\",\"candidates\":[{\"foundation\":\"1\","
            + "\"component\":1,\"transport\":\"udp\",\"priority\":1,\"address\":\"127.0.0.1\","
            + "\"port\":5000,\"type\":\"host\"}]}";
    assertThat(IceDescription.parse(ok).candidates()).hasSize(1);
    for (String bad :
        List.of(
            ok.replace("\"port\":5000", "\"port\":\"5000\""),
            ok.replace("127.0.0.1", "camera.example.org"),
            ok.replace("127.0.0.1", "300.1.1.1"),
            ok.replace("\"type\":\"host\"", "\"type\":\"bogus\""),
            ok.replace("\"ufrag\":\"abcd\"", "\"ufrag\":\"ab\""),
            ok.replace("\"component\":1", "\"component\":2"),
            ok.replace("\"transport\":\"udp\"", "\"transport\":\"tcp\""),
            ok.replace("}]}", ",\"extra\":1}]}"),
            ok.replace("\"candidates\":[", "\"candidates\":[],\"x\":["),
            "[]",
            "{")) {
      assertThatThrownBy(() -> IceDescription.parse(bad), bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
