package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleMapTest {

  private static RoleMap parse(String yaml) throws IOException {
    return RoleMapSource.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void ceilingIsTheUnionOfTheScopesOfRolesAndGroups() throws IOException {
    RoleMap map =
        parse(
            """
        roles:
          runner: {scopes: [runners.read, runners.run]}
          maintainer: {scopes: [users.read]}
        groups:
          admin: {scopes: [admin]}
        """);

    assertThat(map.ceiling(List.of("runner", "maintainer"), List.of("admin")))
        .containsExactlyInAnyOrder("runners.read", "runners.run", "users.read", "admin");
  }

  @Test
  void adminScopeIsNotAllowedWithoutTheAdminGroup() throws IOException {
    RoleMap map =
        parse(
            "roles:\n  maintainer: {scopes: [users.read]}\ngroups:\n  admin: {scopes: [admin]}\n");

    assertThat(map.notAllowed(List.of("admin", "users.read"), List.of("maintainer"), List.of()))
        .containsExactly("admin");
    assertThat(
            map.notAllowed(List.of("admin", "users.read"), List.of("maintainer"), List.of("admin")))
        .isEmpty();
  }

  @Test
  void unknownRolesAndGroupsAllowNothing() throws IOException {
    RoleMap map = parse("roles:\n  runner: {scopes: [runners.read]}\n");

    assertThat(map.ceiling(List.of("ghost"), List.of("nobody"))).isEmpty();
    assertThat(map.unknownRoles(List.of("runner", "ghost"))).containsExactly("ghost");
  }

  @Test
  void roleMayNameAClusterRole() throws IOException {
    RoleMap map =
        parse(
            "roles:\n  editor: {scopes: [jobs.read], clusterRole: edit}\n  viewer: {scopes: []}\n");

    assertThat(map.clusterRoleFor("editor")).contains("edit");
    assertThat(map.clusterRoleFor("viewer")).isEmpty();
  }

  @Test
  void misspelledFieldIsRefusedRatherThanSilentlyIgnored() {
    assertThatThrownBy(() -> parse("roles:\n  runner: {scope: [runners.read]}\n"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shippedExampleRoleMapParses() throws IOException {
    RoleMap map =
        RoleMapSource.parse(
            Path.of(System.getProperty("keyward.repo.root", "..")).resolve("config/role-map.yaml"));

    assertThat(map.roles()).containsKeys("maintainer", "runner", "researcher");
    assertThat(map.groups()).containsKey("admin");
  }
}
