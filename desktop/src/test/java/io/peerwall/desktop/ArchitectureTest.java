package io.peerwall.desktop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules of docs/decisions/0001-module-layout.md, checked on the compiled classes of every
 * module (desktop's test class path holds them all). Plain JUnit tests over one import, so Surefire
 * runs and reports each rule.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.peerwall");
  }

  @Test
  void everyModuleIsImported() {
    for (String pkg : new String[] {"decoder", "p2p", "recorder", "camera", "desktop"}) {
      assertThat(classes.containPackage("io.peerwall." + pkg)).as(pkg).isTrue();
    }
  }

  @Test
  void onlyDesktopUsesJavaFx() {
    onlyDesktopUsesJavaFx.check(classes);
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
  void cameraAgentHasNoStorageIndex() {
    cameraAgentHasNoStorageIndex.check(classes);
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
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> wallWithoutJavaFx.check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.peerwall.desktop.wall");
  }

  static final ArchRule onlyDesktopUsesJavaFx =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.peerwall.desktop..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx..", "org.controlsfx..")
          .because("only desktop/ may touch JavaFX (the camera agent runs without it)");

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
              "io.peerwall.p2p..",
              "io.peerwall.decoder..",
              "io.peerwall.recorder..",
              "io.peerwall.camera..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.peerwall.desktop..")
          .because("desktop sits on top; nothing depends on it");

  static final ArchRule recorderDoesNotUseSessionsOrTheCameraAgent =
      noClasses()
          .that()
          .resideInAPackage("io.peerwall.recorder..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.peerwall.p2p..", "io.peerwall.camera..")
          .because("the recorder gets access units from the station, not from the network");

  static final ArchRule cameraAgentHasNoStorageIndex =
      noClasses()
          .that()
          .resideInAPackage("io.peerwall.camera..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.peerwall.recorder..", "java.sql..")
          .because("the camera agent serves streams; recording is the station's job");
}
