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
import java.util.Map;
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

    assertThat(map.ceiling("team-a", Map.of(), List.of("runner", "maintainer"), List.of("admin")))
        .containsExactlyInAnyOrder("runners.read", "runners.run", "users.read", "admin");
  }

  @Test
  void adminScopeIsNotAllowedWithoutTheAdminGroup() throws IOException {
    RoleMap map =
        parse(
            "roles:\n  maintainer: {scopes: [users.read]}\ngroups:\n  admin: {scopes: [admin]}\n");

    assertThat(
            map.notAllowed(
                List.of("admin", "users.read"),
                "team-a",
                Map.of(),
                List.of("maintainer"),
                List.of()))
        .containsExactly("admin");
    assertThat(
            map.notAllowed(
                List.of("admin", "users.read"),
                "team-a",
                Map.of(),
                List.of("maintainer"),
                List.of("admin")))
        .isEmpty();
  }

  @Test
  void unknownRolesAndGroupsAllowNothing() throws IOException {
    RoleMap map = parse("roles:\n  runner: {scopes: [runners.read]}\n");

    assertThat(map.ceiling("team-a", Map.of(), List.of("ghost"), List.of("nobody"))).isEmpty();
    assertThat(map.unknownRoles(List.of("runner", "ghost"))).containsExactly("ghost");
  }

  @Test
  void groupRestrictedToOtherNamespacesGivesItsMembersNothing() throws IOException {
    RoleMap map =
        parse(
            """
        roles:
          runner: {scopes: [runners.read]}
        groups:
          admin: {scopes: [admin], namespaces: [platform]}
        """);

    assertThat(map.ceiling("platform", Map.of(), List.of(), List.of("admin")))
        .containsExactly("admin");
    assertThat(map.ceiling("team-a", Map.of(), List.of("runner"), List.of("admin")))
        .containsExactly("runners.read");
    assertThat(map.notAllowed(List.of("admin"), "team-a", Map.of(), List.of(), List.of("admin")))
        .containsExactly("admin");
  }

  @Test
  void roleRestrictedByLabelsGivesScopesOnlyInMatchingNamespaces() throws IOException {
    RoleMap map =
        parse(
            """
        roles:
          introspector:
            scopes: ["keyward:introspect"]
            namespaceSelector: {matchLabels: {tier: platform}}
        groups:
          admin: {scopes: [admin], namespaceSelector: {matchLabels: {tier: platform}}}
        """);

    assertThat(map.selectsByLabels(List.of("introspector"), List.of())).isTrue();
    assertThat(map.selectsByLabels(List.of(), List.of("admin"))).isTrue();
    assertThat(map.selectsByLabels(List.of("ghost"), List.of("nobody"))).isFalse();
    assertThat(
            map.ceiling(
                "any", Map.of("tier", "platform"), List.of("introspector"), List.of("admin")))
        .containsExactlyInAnyOrder("keyward:introspect", "admin");
    assertThat(
            map.ceiling("any", Map.of("tier", "apps"), List.of("introspector"), List.of("admin")))
        .isEmpty();
  }

  @Test
  void applicationScopesIgnoreWhereTheRoleMayBeBound() throws IOException {
    RoleMap map = parse("roles:\n  editor: {scopes: [jobs.read], namespaces: [team-b]}\n");

    assertThat(map.applicationScopes(List.of("editor"))).containsExactly("jobs.read");
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
