package dev.keyward.unit;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Packages import each other in one direction only, so each can be read on its own. */
class PackageCyclesTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyward");
  }

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching("dev.keyward.(*)..").should().beFreeOfCycles().check(production);
  }

  /** The root package holds the entry point and wires everything; nothing may need it back. */
  @Test
  void nothingDependsOnTheEntryPointPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.keyward")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.keyward")
        .check(production);
  }

  /** The HTTP plumbing serves endpoints; it knows none of the packages that supply them. */
  @Test
  void httpDependsOnNoOtherKeywardPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.keyward.http..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.keyward..").and(resideOutsideOfPackage("dev.keyward.http..")))
        .check(production);
  }
}
