#!/usr/bin/env bash
# Builds the operator's container image from its one definition, the Jib configuration in operator/pom.xml
# (docs/image.md). Where the image goes:
#   default                              operator/target/keyward-image.tar (jib:buildTar, docker-archive), named
#                                        keyward.local/keyward-operator:<project version>: `ctr -n k8s.io images
#                                        import`, `docker load`, `kind load image-archive`, `minikube image load`
#   KEYWARD_IMAGE_PUSH=registry/repo:tag jib:build, pushed to that registry (credentials: Docker's config or a helper)
#   KEYWARD_IMAGE_DOCKER=1               jib:dockerBuild, into the local Docker daemon
# The base (keyward.image.base), Java 25 with `java` on its PATH:
#   KEYWARD_IMAGE_BASE unset             the pom's registry image when its registry answers, else `local`
#   KEYWARD_IMAGE_BASE=local             a jlinked Java 25 runtime from the Temurin 25 JDK on this machine, on the
#                                        few glibc files it needs, built here (no registry, no engine) and cached in
#                                        ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/node-images/, keyed on the JDK
#   KEYWARD_IMAGE_BASE=<ref>             any registry reference, docker://<image> or tar:///path/to/base.tar
#   KEYWARD_JDK=<dir>                    the JDK 25 to jlink from (default: $JAVA_HOME or /usr/lib/jvm/*, first 25)
#   KEYWARD_MAVEN_ARGS="..."             more Maven arguments, e.g. -Djib.allowInsecureRegistries=true for a plain
#                                        HTTP registry, -Djib.to.auth.username=... (Jib's options)
# Beside the tarball: keyward-image.sbom.json (CycloneDX: the application's dependencies and the base's runtime)
# and keyward-image.runtime.txt (the base's Java version, modules and OS files).
#   --base-only  only builds (or finds) the local base and links it as operator/target/keyward-image-base.tar:
#             the Maven build's own jib:buildTar for the test suite takes it from there (operator/pom.xml). Where no
#             JDK 25 is installed, the base is jlinked from the newest JDK there is (17 or later), and says so.
#   --check   then imports the tarball into a throwaway containerd (root; Debian's containerd and runc, see
#             scripts/setup-local-node.sh) and runs the image read-only with /tmp as a tmpfs, as 65532 and as
#             an arbitrary uid: `--version`, `--help` and the JVM's settings.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/images.sh
source scripts/lib/images.sh

CHECK=false
BASE_ONLY=false
for arg in "$@"; do
  case "$arg" in
    --check) CHECK=true ;;
    --base-only) BASE_ONLY=true ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

IMAGES="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/node-images"
TARGET="$PWD/operator/target"
TAR="$TARGET/keyward-image.tar"
SBOM="$TARGET/keyward-image.sbom.json"
RUNTIME_TXT="$TARGET/keyward-image.runtime.txt"
# The modules of the local base: `jdeps --print-module-deps` on the jar and lib/ gives java.base, java.compiler,
# java.desktop (java.beans, for Jackson, SnakeYAML, Micrometer), java.naming, java.net.http, java.sql,
# jdk.management and jdk.unsupported (Netty); added: jdk.naming.dns (Netty's and JNDI's DNS lookups) and
# jdk.zipfs. EC, EdDSA, XDH and TLS are in java.base since Java 22 (jdk.crypto.ec is an empty shell there).
# The build fails when jdeps asks for a module missing here.
MODULES=(java.base java.compiler java.desktop java.naming java.net.http java.sql jdk.management jdk.unsupported
  jdk.naming.dns jdk.zipfs)
# Bump when the recipe below changes what goes into the base, so cached bases are rebuilt.
RECIPE=2
ARCH_TRIPLET=x86_64-linux-gnu

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The default base in operator/pom.xml, and whether its registry answers (any HTTP status will do).
pom_base="$(sed -n 's:.*<keyward.image.base>\(.*\)</keyward.image.base>.*:\1:p' operator/pom.xml)"
registry_reachable() {
  local ref="$1" host="registry-1.docker.io"
  [[ "${ref%%/*}" == *[.:]* && "$ref" == */* ]] && host="${ref%%/*}"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "https://$host/v2/" 2>/dev/null)" != 000 ]]
}

find_jdk() {
  local d
  for d in "${KEYWARD_JDK:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$d" && -x "$d/bin/jlink" && -f "$d/release" ]] || continue
    grep -q '^JAVA_VERSION="25' "$d/release" && { echo "$d"; return; }
  done
  if $BASE_ONLY; then
    # The test suite's image still runs on a machine without JDK 25: the newest JDK there is, said aloud.
    local best="" v bestv=0
    for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
      [[ -n "$d" && -x "$d/bin/jlink" && -f "$d/release" ]] || continue
      v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release")"
      [[ -n "$v" && "$v" -ge 17 && "$v" -gt "$bestv" ]] && { best="$d"; bestv="$v"; }
    done
    if [[ -n "$best" ]]; then
      echo "no JDK 25 with jlink found: the test image's runtime is jlinked from Java $bestv ($best)" >&2
      echo "$best"
      return
    fi
  fi
  echo "no JDK 25 with jlink found (set KEYWARD_JDK to one)" >&2
  return 1
}

# build_local_base: prints the tarball of the jlinked base, building it when it is not cached.
build_local_base() {
  [[ "$(uname -m)" == x86_64 ]] || { echo "the local base is built for amd64 only" >&2; return 1; }
  local jdk version key name out
  jdk="$(find_jdk)"
  version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$jdk/release")"
  # Before Java 22 the EC algorithms (ES256, TLS) live in jdk.crypto.ec.
  [[ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")" -ge 22 ]] || MODULES+=(jdk.crypto.ec)
  key="$(printf '%s\n' "$RECIPE" "$version" "${MODULES[*]}" "$(dpkg-query -W libc6 libgcc-s1 2>/dev/null)" |
    sha256sum | cut -c1-12)"
  name="keyward-jre-${version//+/_}-$key"
  out="$IMAGES/$name.tar"
  if [[ -s "$out" && -s "$IMAGES/$name.txt" && -s "$IMAGES/$name.sbom.json" ]]; then
    echo "base: $out (cached)" >&2
    echo "$out"
    return
  fi
  echo "base: jlink from $jdk ($version) into $out" >&2
  mkdir -p "$IMAGES"
  local rootfs="$work/rootfs" java_home=/opt/java/openjdk
  mkdir -p "$rootfs/usr/lib/$ARCH_TRIPLET" "$rootfs/lib64" "$rootfs/etc" "$rootfs/tmp" "$rootfs/opt/java" \
    "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"
  ln -s usr/lib "$rootfs/lib"
  chmod 1777 "$rootfs/tmp"
  "$jdk/bin/jlink" --add-modules "$(IFS=,; echo "${MODULES[*]}")" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$rootfs$java_home" >/dev/null
  # Headless only: the X11 and ALSA libraries these load are not in the image. The CDS archive for heaps over
  # 32 GiB (no compressed oops) is not worth its 14 MiB here.
  rm -f "$rootfs$java_home"/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound}.so \
    "$rootfs$java_home/lib/server/classes_nocoops.jsa"
  # The shared objects the runtime links against, from this machine's glibc (and libgcc_s, which glibc loads to
  # unwind a thread on pthread_exit/pthread_cancel), under their sonames.
  local f lib missing
  missing="$(find "$rootfs$java_home" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null |
    awk '/not found/ && $1 != "libjvm.so" {print $1}' | sort -u)"
  [[ -z "$missing" ]] || { echo "the runtime needs libraries not on this machine: $missing" >&2; return 1; }
  for lib in $(find "$rootfs$java_home" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null |
    awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | grep -v "^$rootfs" | sort -u) \
    "/lib/$ARCH_TRIPLET/libgcc_s.so.1"; do
    f="$rootfs/usr/lib/$ARCH_TRIPLET/$(basename "$lib")"
    [[ -e "$f" ]] || cp -L "$lib" "$f"
  done
  ln -s "/lib/$ARCH_TRIPLET/ld-linux-x86-64.so.2" "$rootfs/lib64/ld-linux-x86-64.so.2"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin\n' \
    >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$rootfs/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  # What the libraries come from, for scanners (Debian's status entries, as distroless images carry them).
  local packages=(libc6 libgcc-s1) p
  cp -L /etc/os-release "$rootfs/etc/os-release"
  mkdir -p "$rootfs/var/lib/dpkg/status.d"
  for p in "${packages[@]}"; do dpkg-query -s "$p" >"$rootfs/var/lib/dpkg/status.d/$p"; done
  # The root filesystem on its own must start the JVM (with /proc: the loader finds libjli through it).
  if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null; then
    unshare -m sh -c 'mount -t proc proc "$1/proc" && exec chroot --userspec=65532:65532 "$1" "$2/bin/java" -XX:-UsePerfData -version' \
      _ "$rootfs" "$java_home" >/dev/null 2>&1 || { echo "the base does not start java in a chroot" >&2; return 1; }
    find "$rootfs/tmp" -mindepth 1 -delete
  fi
  {
    echo "Base image of keyward-operator, built by scripts/build-image.sh (recipe $RECIPE)"
    echo "JDK: $jdk ($(sed -n 's/^IMPLEMENTOR_VERSION="\(.*\)"/\1/p' "$jdk/release"), $version)"
    echo "java -version:"
    "$rootfs$java_home/bin/java" -version 2>&1 | sed 's/^/  /'
    echo "modules (jlink --add-modules ${MODULES[*]}, --strip-debug, default CDS archive):"
    "$rootfs$java_home/bin/java" --list-modules | sed 's/^/  /'
    echo "OS files (Debian $(cat /etc/debian_version)): $(cd "$rootfs" && find usr/lib -type f | sort | tr '\n' ' ')"
    for p in "${packages[@]}"; do echo "  $(dpkg-query -W -f='${Package} ${Version} ${Architecture}' "$p")"; done
    echo "/etc/passwd: root, nonroot (65532); /tmp (1777); no shell"
    echo "runtime size: $(du -sh "$rootfs$java_home" | cut -f1), root filesystem: $(du -sh "$rootfs" | cut -f1)"
  } >"$IMAGES/$name.txt"
  # The base's part of the SBOM: the runtime and the Debian packages.
  local modules_csv
  modules_csv="$("$rootfs$java_home/bin/java" --list-modules | sed 's/@.*//' | paste -sd, -)"
  {
    jq -n --arg v "$version" --arg m "$modules_csv" --arg impl \
      "$(sed -n 's/^IMPLEMENTOR="\(.*\)"/\1/p' "$jdk/release")" \
      '{type:"framework", "bom-ref":"java-runtime", name:"temurin-jre-jlink", version:$v, supplier:{name:$impl},
        description:"Java runtime jlinked from the Temurin JDK", licenses:[{license:{id:"GPL-2.0-with-classpath-exception"}}],
        properties:[{name:"keyward:jlink:modules", value:$m}, {name:"keyward:java.home", value:"/opt/java/openjdk"}]}'
    for p in "${packages[@]}"; do
      dpkg-query -W -f='${Package}\t${Version}\t${Architecture}\n' "$p" |
        jq -R --arg d "debian-$(cut -d. -f1 /etc/debian_version)" 'split("\t") as [$n,$v,$a] |
          {type:"library", "bom-ref":("deb:"+$n), name:$n, version:$v,
           purl:("pkg:deb/debian/"+$n+"@"+($v|@uri)+"?arch="+$a+"&distro="+$d)}'
    done
  } | jq -s . >"$IMAGES/$name.sbom.json"
  docker_archive "$rootfs" "keyward.local/keyward-jre:${version//+/_}" "$(jq -cn --arg v "$version" '{
      User:"65532:65532", WorkingDir:"/",
      Env:["PATH=/opt/java/openjdk/bin", "JAVA_HOME=/opt/java/openjdk", "LANG=C.UTF-8", "JAVA_VERSION=\($v)"],
      Entrypoint:["java"],
      Labels:{"org.opencontainers.image.title":"keyward-jre",
              "org.opencontainers.image.description":"Java runtime (jlink) for keyward-operator",
              "org.opencontainers.image.version":$v}}')" "$out" >&2
  echo "$out"
}

if $BASE_ONLY; then
  base_tar="$(build_local_base)"
  mkdir -p "$TARGET"
  ln -sfn "$base_tar" "$TARGET/keyward-image-base.tar"
  echo "base for the test image: $TARGET/keyward-image-base.tar -> $base_tar"
  exit 0
fi

# Which base, which goal.
base="${KEYWARD_IMAGE_BASE:-}"
if [[ -z "$base" ]]; then
  if registry_reachable "$pom_base"; then base="$pom_base"; else base=local; fi
fi
base_tar=""
base_name="$base"
if [[ "$base" == local ]]; then
  base_tar="$(build_local_base)"
  base="tar://$base_tar"
  base_name="$(tar -xOf "$base_tar" manifest.json | jq -r '.[0].RepoTags[0]')"
fi
goal=jib:buildTar
jib_args=()
if [[ -n "${KEYWARD_IMAGE_PUSH:-}" ]]; then
  goal=jib:build
  jib_args+=("-Djib.to.image=$KEYWARD_IMAGE_PUSH")
elif [[ "${KEYWARD_IMAGE_DOCKER:-}" == 1 ]]; then
  goal=jib:dockerBuild
fi

echo "building the image ($goal) on $base" >&2
rm -f "$TAR" "$SBOM" "$RUNTIME_TXT"
./mvnw -B -q -pl operator -Dmaven.test.skip=true -Dspotless.skip=true -Djib.disableUpdateChecks=true \
  "-Dkeyward.image.base=$base" "-Dkeyward.image.base.name=$base_name" "${jib_args[@]}" ${KEYWARD_MAVEN_ARGS:-} \
  package org.cyclonedx:cyclonedx-maven-plugin:makeBom "$goal"
ref="$(jq -r '.image' "$TARGET/jib-image.json")"
digest="$(jq -r '.imageDigest' "$TARGET/jib-image.json")"

# The local base must hold every module the application needs.
if [[ -n "$base_tar" ]]; then
  jdk="$(find_jdk)"
  needed="$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 25 --print-module-deps \
    --class-path "$TARGET/lib/*" "$TARGET"/keyward-operator-*.jar)"
  for m in ${needed//,/ }; do
    [[ " ${MODULES[*]} " == *" $m "* ]] || { echo "jdeps: the application needs $m; add it to MODULES" >&2; exit 1; }
  done
fi

# SBOM and runtime listing beside the image.
if [[ -n "$base_tar" ]]; then
  base_parts="$(cat "${base_tar%.tar}.sbom.json")"
  cp "${base_tar%.tar}.txt" "$RUNTIME_TXT"
else
  base_parts="$(jq -n --arg b "$base" '[{type:"container", "bom-ref":"base-image", name:$b}]')"
  printf 'Base image: %s (its own SBOM lists its runtime and packages)\n' "$base" >"$RUNTIME_TXT"
fi
jq --argjson extra "$base_parts" --arg ref "$ref" --arg digest "$digest" --arg base "$base_name" '
  .components = ((.components // []) + $extra)
  | .metadata.properties = ((.metadata.properties // []) + [{name:"keyward:image", value:$ref},
      {name:"keyward:image.digest", value:$digest}, {name:"keyward:image.base", value:$base}])' \
  "$SBOM" >"$SBOM.tmp" && mv "$SBOM.tmp" "$SBOM"

echo
echo "image:   $ref ($digest)"
if [[ "$goal" == jib:buildTar ]]; then
  echo "tarball: $TAR ($(du -h "$TAR" | cut -f1), $(stat -c %s "$TAR") bytes compressed)"
  total=0
  while read -r layer; do
    raw="$(tar -xOf "$TAR" "$layer" | gzip -dc | wc -c)"
    what="$(tar -xOf "$TAR" "$layer" | gzip -dc | tar --warning=no-unknown-keyword -t | awk -F/ '
      {sub(/^\.?\//, ""); split($0, p, "/")}
      p[1] == "app" && p[2] != "" {k = "/app/" p[2]} p[1] == "opt" {k = "the Java runtime (/opt/java/openjdk)"}
      p[1] == "usr" && p[4] != "" {k = "glibc (/usr/lib)"} p[1] == "etc" {k = "/etc"}
      k != "" && !(k in s) {s[k]; o = o (o == "" ? "" : ", ") k} END {print o}')"
    printf '  layer %8s compressed %8s uncompressed  %s\n' "$(numfmt --to=iec "$(tar -tvf "$TAR" "$layer" |
      awk '{print $3}')")" "$(numfmt --to=iec "$raw")" "$what"
    total=$((total + raw))
  done < <(tar -xOf "$TAR" manifest.json | jq -r '.[0].Layers[]')
  echo "  uncompressed in all: $(numfmt --to=iec "$total") ($total bytes)"
  echo "import:  ctr -n k8s.io images import $TAR"
fi
echo "sbom:    $SBOM"
echo "runtime: $RUNTIME_TXT"

$CHECK || exit 0

# --check: a throwaway containerd (own root, state and socket), the image imported and run as the kubelet would
# run the chart's container: read-only root, /tmp writable, non-root.
[[ $(id -u) -eq 0 ]] || { echo "--check needs root" >&2; exit 1; }
command -v containerd >/dev/null && command -v ctr >/dev/null ||
  { echo "--check needs containerd and runc (scripts/setup-local-node.sh installs them)" >&2; exit 1; }
[[ "$goal" == jib:buildTar ]] || { echo "--check needs the tarball" >&2; exit 1; }
ctrd="$(mktemp -d /tmp/keyward-ctr.XXXXXX)"
cat >"$ctrd/config.toml" <<EOF
version = 2
root = "$ctrd/root"
state = "$ctrd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$ctrd/containerd.sock"
[ttrpc]
  address = "$ctrd/containerd.ttrpc.sock"
EOF
containerd --config "$ctrd/config.toml" >"$ctrd/containerd.log" 2>&1 &
ctrd_pid=$!
stop_containerd() {
  kill "$ctrd_pid" 2>/dev/null && wait "$ctrd_pid" 2>/dev/null
  grep -q " $ctrd/" /proc/mounts && awk -v d="$ctrd/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r |
    xargs -r umount -l
  rm -rf "$ctrd" "$work"
}
trap stop_containerd EXIT
for _ in $(seq 50); do [[ -S "$ctrd/containerd.sock" ]] && break; sleep 0.1; done
c() { ctr --address "$ctrd/containerd.sock" -n k8s.io "$@"; }
echo
echo "--check: containerd $(containerd --version | awk '{print $3}') at $ctrd"
echo "\$ ctr -n k8s.io images import $TAR"
c images import "$TAR"
c images ls -q | grep -Fx "$ref" >/dev/null || { echo "imported, but not as $ref" >&2; exit 1; }
# As the kubelet runs the chart's container: the image's entrypoint, environment and user with arguments after
# the entrypoint (the chart's `args:`), read-only root, /tmp a fresh tmpfs (the chart's emptyDir).
image_config="$(tar -xOf "$TAR" "$(tar -xOf "$TAR" manifest.json | jq -r '.[0].Config')" | jq -c .config)"
mapfile -t entrypoint < <(jq -r '.Entrypoint[]' <<<"$image_config")
tmpfs="type=tmpfs,src=tmpfs,dst=/tmp,options=rw:nosuid:nodev:mode=1777"
echo "\$ ctr run --rm --read-only --mount $tmpfs $ref <id> ${entrypoint[*]} --version"
c run --rm --read-only --mount "$tmpfs" "$ref" "keyward-check-$$-1" "${entrypoint[@]}" --version
echo "\$ ctr run --rm --read-only --mount $tmpfs $ref <id> ${entrypoint[*]} --help | sed -n 1,4p"
c run --rm --read-only --mount "$tmpfs" "$ref" "keyward-check-$$-2" "${entrypoint[@]}" --help | sed -n 1,4p
# An arbitrary runAsUser (group 0, as OpenShift assigns), no capabilities, no new privileges: ctr 1.6 has no
# --user, so this run gets a spec of its own on the image's root filesystem, mounted read-only.
mkdir "$ctrd/rootfs"
c images mount "$ref" "$ctrd/rootfs" >/dev/null
c oci spec | jq --arg id "keyward-check-$$-3" --arg root "$ctrd/rootfs" --argjson cfg "$image_config" '
  .process.user = {uid: 1000770000, gid: 0} | .process.env = $cfg.Env | .process.cwd = $cfg.WorkingDir
  | .process.args = ["java", "-XshowSettings:properties", "-version"]
  | .process.capabilities = {bounding: [], effective: [], permitted: []} | .process.noNewPrivileges = true
  | .root = {path: $root, readonly: true} | .linux.cgroupsPath = "/k8s.io/" + $id
  | .mounts = [(.mounts[] | select(.destination != "/run")),
      {destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777"]}]' \
  >"$ctrd/spec.json"
echo "\$ ctr run --rm --config <uid 1000770000, gid 0, no capabilities, read-only> <id>: java -XshowSettings:properties -version"
c run --rm --config "$ctrd/spec.json" "keyward-check-$$-3" 2>&1 |
  grep -E '^ *(java.home|java.runtime.version|java.vendor.version|java.io.tmpdir|user.(name|home|dir)) '
c images unmount "$ctrd/rootfs" >/dev/null
echo "--check: passed"
