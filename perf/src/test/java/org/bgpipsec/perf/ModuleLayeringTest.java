package org.bgpipsec.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module dependency rule of DESIGN.md: config ← ipsec-transport ← ike ← bgp-speaker ← perf, one
 * way. Checked on the compiled module descriptors (what the JVM enforces) and on the Maven
 * dependencies (what the build resolves).
 */
class ModuleLayeringTest {

  /** Our modules, lowest layer first: each may require only modules before it. */
  static final List<String> LAYERS =
      List.of(
          "org.bgpipsec.config",
          "org.bgpipsec.ipsec",
          "org.bgpipsec.ike",
          "org.bgpipsec.bgp",
          "org.bgpipsec.perf");

  static final List<String> DIRECTORIES =
      List.of("config", "ipsec-transport", "ike", "bgp-speaker", "perf");

  /** Every requirement of one of our modules on another that points up or sideways. */
  static List<String> violations(Set<ModuleDescriptor> descriptors) {
    List<String> out = new ArrayList<>();
    for (ModuleDescriptor d : descriptors) {
      int layer = LAYERS.indexOf(d.name());
      for (ModuleDescriptor.Requires r : d.requires()) {
        int target = LAYERS.indexOf(r.name());
        if (layer >= 0 && target >= layer) {
          out.add(d.name() + " requires " + r.name());
        }
      }
    }
    return out;
  }

  @Test
  void compiledModulesRequireOnlyLowerLayers() {
    Path root = Path.of("..");
    Path[] classes =
        DIRECTORIES.stream()
            .map(d -> root.resolve(d).resolve("target/classes"))
            .toArray(Path[]::new);
    Set<ModuleDescriptor> descriptors =
        ModuleFinder.of(classes).findAll().stream()
            .map(ModuleReference::descriptor)
            .collect(Collectors.toSet());
    assertThat(descriptors.stream().map(ModuleDescriptor::name))
        .containsExactlyInAnyOrderElementsOf(LAYERS);
    assertThat(violations(descriptors)).isEmpty();
  }

  @Test
  void theCheckCatchesAnUpwardRequirement() {
    ModuleDescriptor config =
        ModuleDescriptor.newModule("org.bgpipsec.config").requires("org.bgpipsec.ike").build();
    ModuleDescriptor ike =
        ModuleDescriptor.newModule("org.bgpipsec.ike").requires("org.bgpipsec.ipsec").build();
    ModuleDescriptor external =
        ModuleDescriptor.newModule("org.bgpipsec.bgp").requires("io.netty.transport").build();
    assertThat(violations(Set.of(config, ike, external)))
        .containsExactly("org.bgpipsec.config requires org.bgpipsec.ike");
  }

  @Test
  void mavenDependenciesPointDownOnly() throws Exception {
    for (int i = 0; i < DIRECTORIES.size(); i++) {
      String pom = Files.readString(Path.of("..", DIRECTORIES.get(i), "pom.xml"));
      for (int j = i + 1; j < DIRECTORIES.size(); j++) {
        assertThat(pom)
            .as(DIRECTORIES.get(i) + " must not depend on " + DIRECTORIES.get(j))
            .doesNotContain(
                "<artifactId>" + DIRECTORIES.get(j) + "</artifactId>\n    </dependency>")
            .doesNotContainPattern(
                "<groupId>org.bgpipsec</groupId>\\s*<artifactId>"
                    + DIRECTORIES.get(j)
                    + "</artifactId>");
      }
    }
  }
}
