# Shared by scripts/setup-local-node.sh and scripts/build-image.sh: images built without a Docker engine or a
# registry, written as docker-archive tarballs (`docker save` format) that `ctr -n k8s.io images import` and Jib's
# `tar://` base images read. Source it; it defines functions only.

# docker_archive <rootfs dir> <name:tag> <image config "config" object as JSON> <output tarball>
# One uncompressed layer holding <rootfs dir>, owned by root, with every timestamp at the epoch, so the same files
# give the same image id. Scratch space goes under $work when the caller set it, else under $TMPDIR.
docker_archive() {
  local rootfs="$1" ref="$2" cfg="$3" out="$4" dir
  dir="$(mktemp -d -p "${work:-${TMPDIR:-/tmp}}")"
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$rootfs" -cf "$dir/layer.tar" .
  local diff_id
  diff_id="$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)"
  mkdir "$dir/$diff_id" && mv "$dir/layer.tar" "$dir/$diff_id/layer.tar"
  jq -cn --argjson c "$cfg" --arg d "sha256:$diff_id" \
    '{architecture:"amd64",os:"linux",created:"1970-01-01T00:00:00Z",config:$c,rootfs:{type:"layers",diff_ids:[$d]}}' \
    >"$dir/config.json"
  local config_id
  config_id="$(sha256sum "$dir/config.json" | cut -d' ' -f1)"
  mv "$dir/config.json" "$dir/$config_id.json"
  jq -cn --arg c "$config_id.json" --arg r "$ref" --arg l "$diff_id/layer.tar" \
    '[{Config:$c,RepoTags:[$r],Layers:[$l]}]' >"$dir/manifest.json"
  tar --numeric-owner --owner=0 --group=0 -C "$dir" -cf "$out.tmp" manifest.json "$config_id.json" "$diff_id"
  mv "$out.tmp" "$out"
  rm -rf "$dir"
  echo "built $ref into $out"
}
