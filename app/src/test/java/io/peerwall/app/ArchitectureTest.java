package io.peerwall.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and layer rules of docs/decisions/0040-module-layout-v2.md, checked on the compiled
 * classes of every module: app's test class path holds them all (desktop and bench as runtime
 * dependencies). Plain JUnit tests over one import, so Surefire runs and reports each rule; each
 * rule kind is also shown to fail on a violation, or it would check nothing.
 */
class ArchitectureTest {
  static final String[] MODULES = {
    "cli", "decoder", "p2p", "recorder", "camera", "station", "desktop", "bench", "app"
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The test jars of station and p2p (test helpers) once the build packaged them.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.peerwall");
  }

  @Test
  void everyModuleIsImported() {
    for (String module : MODULES) {
      assertThat(classes.containPackage("io.peerwall." + module)).as(module).isTrue();
    }
  }

  @Test
  void onlyTestsUseTheTestSupport() {
    nothingDependsOnTestSupport.check(classes);
  }

  @Test
  void onlyDesktopUsesJavaFx() {
    onlyDesktopUsesJavaFx.check(classes);
  }

  @Test
  void noPackageCycles() {
    noPackageCycles.check(classes);
  }

  @Test
  void cameraRunsWithoutStationDesktopOrRecorder() {
    cameraRunsAlone.check(classes);
  }

  @Test
  void stationDoesNotKnowTheDesktop() {
    stationIsHeadless.check(classes);
  }

  @Test
  void nothingDependsOnBench() {
    nothingDependsOnBench.check(classes);
  }

  @Test
  void nothingDependsOnTheEntryPoint() {
    nothingDependsOnApp.check(classes);
  }

  @Test
  void theEntryPointFindsTheWallAtRunTime() {
    appFindsTheWallAtRunTime.check(classes);
  }

  @Test
  void cliSupportIsSmall() {
    cliIsSmall.check(classes);
  }

  @Test
  void p2pDoesNotKnowTheDecoder() {
    p2pDoesNotKnowTheDecoder.check(classes);
  }

  @Test
  void decoderDoesNotKnowTheNetwork() {
    decoderDoesNotKnowTheNetwork.check(classes);
  }

  @Test
  void lowerModulesDoNotReachUp() {
    lowerModulesDoNotReachUp.check(classes);
  }

  @Test
  void recorderDoesNotUseSessionsOrTheCameraAgent() {
    recorderDoesNotUseSessionsOrTheCameraAgent.check(classes);
  }

  @Test
  void theRulesCatchAViolation() {
    // The wall does use JavaFX: a rule forbidding that must fail, or the rules check nothing.
    ArchRule wallWithoutJavaFx =
        noClasses()
            .that()
            .resideInAPackage("io.peerwall.desktop.wall..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("javafx..");
    assertThatThrownBy(() -> wallWithoutJavaFx.check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.peerwall.desktop.wall");
    // The desktop does depend on the station: the station rule turned around must fail.
    ArchRule desktopWithoutStation =
        noClasses()
            .that()
            .resideInAPackage("io.peerwall.desktop..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.peerwall.station..");
    assertThatThrownBy(() -> desktopWithoutStation.check(classes))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void theCycleRuleCatchesACycle() {
    // Two test packages that use each other (io.peerwall.app.archfixture.a <-> .b).
    JavaClasses withCycle = new ClassFileImporter().importPackages("io.peerwall.app.archfixture");
    assertThat(withCycle.containPackage("io.peerwall.app.archfixture.a")).isTrue();
    assertThatThrownBy(() -> noPackageCycles.check(withCycle))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected")
        .hasMessageContaining("app.archfixture.a")
        .hasMessageContaining("app.archfixture.b");
  }

  static final ArchRule onlyDesktopUsesJavaFx =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.peerwall.desktop..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
          .because(
              "only desktop/ may touch JavaFX: the camera agent and the headless station run"
                  + " without it");

  /** Every package is a slice: io.peerwall.station.feed, io.peerwall.p2p.signaling, ... */
  static final ArchRule noPackageCycles =
      slices()
          .matching("io.peerwall.(**)")
          .should()
          .beFreeOfCycles()
          .because("packages build on one another in one direction (decision 0040)");

  static final ArchRule cameraRunsAlone =
      noClasses()
          .that()
          .resideInAPackage("io.peerwall.camera..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.peerwall.station..",
              "io.peerwall.desktop..",
              "io.peerwall.recorder..",
              "io.peerwall.bench..",
              "io.peerwall.app..",
              "java.sql..")
          .because(
              "the camera agent runs on a small box with camera/, p2p/, decoder/ and cli/"
                  + " only: no station, no wall, no SQL");

  static final ArchRule stationIsHeadless =
      noClasses()
          .that()
          .resideInAPackage("io.peerwall.station..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.peerwall.desktop..", "io.peerwall.bench..", "io.peerwall.app..")
          .because("the station runs headless; its display is found at run time (StationDisplay)");

  static final ArchRule nothingDependsOnBench =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.peerwall.bench..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.peerwall.bench..")
          .because("benchmarks sit on top; peerwall finds them at run time (PluggableCommand)");

  static final ArchRule nothingDependsOnTestSupport =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.peerwall.testsupport..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.peerwall.testsupport..")
          .because("test-support/ is a test-scoped dependency: no product code may need it");

  static final ArchRule nothingDependsOnApp =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.peerwall.app..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.peerwall.app..")
          .because("app/ is the entry point that assembles everything");

  static final ArchRule appFindsTheWallAtRunTime =
      noClasses()
          .that()
          .resideInAPackage("io.peerwall.app..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.peerwall.desktop..", "io.peerwall.bench..")
          .because(
              "the wall and the benchmarks are run-time dependencies found by ServiceLoader,"
                  + " so peerwall runs without them");

  static final ArchRule cliIsSmall =
      noClasses()
          .that()
          .resideInAPackage("io.peerwall.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.peerwall.p2p..",
              "io.peerwall.recorder..",
              "io.peerwall.camera..",
              "io.peerwall.station..",
              "io.peerwall.desktop..",
              "java.sql..")
          .because(
              "every command uses cli/: it must stay small (only FFmpeg's log routing from"
                  + " decoder/)");

  static final ArchRule p2pDoesNotKnowTheDecoder =
      noClasses()
          .that()
          .resideInAPackage("io.peerwall.p2p..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.peerwall.decoder..", "org.bytedeco..")
          .because("sessions carry coded pictures and know nothing of decoding");

  static final ArchRule decoderDoesNotKnowTheNetwork =
      noClasses()
          .that()
          .resideInAPackage("io.peerwall.decoder..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.peerwall.p2p..", "org.ice4j..", "java.sql..")
          .because("the media core has no networking and no SQL");

  static final ArchRule lowerModulesDoNotReachUp =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.peerwall.p2p..", "io.peerwall.decoder..", "io.peerwall.recorder..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.peerwall.cli..",
              "io.peerwall.camera..",
              "io.peerwall.station..",
              "io.peerwall.desktop..",
              "io.peerwall.bench..",
              "io.peerwall.app..")
          .because("p2p, decoder and recorder are the libraries below every command");

  static final ArchRule recorderDoesNotUseSessionsOrTheCameraAgent =
      noClasses()
          .that()
          .resideInAPackage("io.peerwall.recorder..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.peerwall.p2p..", "io.peerwall.camera..")
          .because("the recorder gets access units from the station, not from the network");
}
