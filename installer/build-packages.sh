#!/usr/bin/env bash
# Builds PeerWall's Linux packages from the built modules:
#   installer/target/peerwall_DEBVERSION_amd64.deb          the station (/opt/peerwall, `peerwall`)
#   installer/target/peerwall-camera_DEBVERSION_amd64.deb   the camera agent (/opt/peerwall-camera)
# `./mvnw -Pinstaller package` builds the modules, then runs this (installer/pom.xml). Alone, after a
# build of the modules: installer/build-packages.sh VERSION. How it fits together: docs/installing.md.
#
# Steps, per package: the jars of its class path (app/ or camera/target/classpath.txt), with every
# native library taken out of them; the natives it loads (installer/linux/*.natives) in natives/;
# jpackage makes the app image with its own jlinked runtime (jpackage.cfg + installer/linux/*.cfg);
# JavaFX's natives go next to the runtime's (station); a CDS archive of the application classes is
# dumped with the image at its installed path; dpkg-deb packs the image and installer/linux/PKG/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:?usage: installer/build-packages.sh VERSION (the Maven project version)}"
linux="$root/installer/linux"
out="$root/installer/target"
work="$out/work"

say() { printf 'installer: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

need_tool() { # TOOL DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 || die "needs '$1' (Debian package $2)"
}
need_tool jpackage openjdk-17-jdk
need_tool jlink openjdk-17-jdk
need_tool dpkg-deb dpkg
need_tool zip zip
need_tool unzip unzip
need_tool unshare util-linux
need_tool objcopy binutils # jlink --strip-debug strips the runtime's native libraries with it
[ "$(uname -m)" = x86_64 ] || die "builds amd64 packages only (this machine is $(uname -m))"

# Debian orders 0.1.0~SNAPSHOT before 0.1.0; jpackage wants numbers only.
deb_version="${version/-/\~}"
app_version="${version%%-*}"

classpath_of() { # MODULE: the jars of the module's launcher class path, one per line
  local file="$root/$1/target/classpath.txt"
  [ -f "$file" ] || die "$file is missing: build the modules first (./mvnw -Pinstaller package does)"
  tr ':' '\n' <"$file" | sed '/^$/d'
}

is_native() { # ENTRY: a native library inside a jar?
  case "$1" in
  */) return 1 ;;
  *.so | *.so.* | *.dll | *.dylib | *.jnilib | *.a) return 0 ;;
  *) return 1 ;;
  esac
}

# A jar signature (Bouncy Castle's jars are signed for Oracle's JCE, which PeerWall does not use: it
# calls Bouncy Castle's own API). Dropped: CDS does not archive classes from signed jars, and the
# JVM checks the digest of every class it loads from one.
is_signature() { # ENTRY
  case "$1" in
  META-INF/*/*) return 1 ;;
  META-INF/*.SF | META-INF/*.RSA | META-INF/*.DSA | META-INF/*.EC) return 0 ;;
  *) return 1 ;;
  esac
}

# Rewrites JAR with its entries stored, not deflated: the package's xz then compresses the classes
# themselves, which halves what the jars add to a package (deflated entries barely compress), and
# classes load without inflating. The manifest stays first.
store() { # JAR
  local jar="$1" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && unzip -q "$jar" && rm "$jar" &&
    if [ -f META-INF/MANIFEST.MF ]; then zip -q -0 -X "$jar" META-INF/MANIFEST.MF; fi &&
    zip -q -0 -X -r "$jar" . -x META-INF/MANIFEST.MF)
  rm -rf "$tmp"
}

# Copies JARS into DIR without their native libraries and signatures; the natives the package loads
# (NATIVES list) are taken out into DIR/natives. A jar left with no classes (JavaCPP's platform
# jars) is dropped.
prepare_input() { # DIR NATIVES-LIST JARS...
  local dir="$1" list="$2"
  shift 2
  rm -rf "$dir"
  mkdir -p "$dir/natives"
  local kept=" " jar
  while read -r action artifact path; do
    case "$action" in '' | '#'*) continue ;; esac
    local found=""
    for jar in "$@"; do
      case "$(basename "$jar")" in "$artifact"-[0-9]*.jar) ;; *) continue ;; esac
      if unzip -Z1 "$jar" "$path" >/dev/null 2>&1; then
        found="$jar"
        break
      fi
    done
    [ -n "$found" ] || die "$list: no $artifact jar holds $path"
    case "$action" in
    extract) unzip -p "$found" "$path" >"$dir/natives/$(basename "$path")" ;;
    keep) kept+="$path " ;;
    *) die "$list: unknown action '$action'" ;;
    esac
  done <"$list"
  for jar in "$@"; do
    [ -f "$jar" ] || die "$jar is not a jar: build the modules with 'package' (./mvnw -Pinstaller package)"
    local copy="$dir/$(basename "$jar")" drop=() entry
    cp "$jar" "$copy"
    while IFS= read -r entry; do
      if is_native "$entry" && [[ "$kept" != *" $entry "* ]]; then drop+=("$entry"); fi
      if is_signature "$entry"; then drop+=("$entry"); fi
    done < <(unzip -Z1 "$jar")
    if [ "${#drop[@]}" -gt 0 ]; then
      zip -q -d "$copy" "${drop[@]}" >/dev/null
    fi
    local classes
    classes="$(unzip -Z1 "$copy" | awk '/\.class$/ && !/module-info\.class$/ { n++ } END { print n + 0 }')"
    if [ "$classes" -eq 0 ]; then
      rm -f "$copy"
    else
      store "$copy"
    fi
  done
  chmod 0644 "$dir"/*.jar "$dir"/natives/*
}

# Dumps the classes that the launcher run with ARGS loads into IMAGE/lib/NAME.jsa (JDK 17 dynamic
# CDS archive) and makes the launcher use it. JDK 17 checks that the class path is the dumped one,
# path for path, so the image is mounted at its installed path in a private mount namespace for
# the dump. With PEERWALL_CDS_DISPLAY=xvfb the run gets a virtual display of its own (the wall).
dump_cds() { # IMAGE INSTALLED-PATH NAME ARGS...
  local image="$1" installed="$2" name="$3"
  shift 3
  local ns=(--mount)
  [ "$(id -u)" -eq 0 ] || ns+=(--map-root-user)
  local home
  home="$(mktemp -d)"
  # shellcheck disable=SC2016
  unshare "${ns[@]}" bash -c '
    set -e
    installed="$1" image="$2" name="$3" home="$4"
    shift 4
    mount -t tmpfs tmpfs "$(dirname "$installed")"
    mkdir "$installed"
    mount --bind "$image" "$installed"
    options="-XX:ArchiveClassesAtExit=$installed/lib/$name.jsa -Dpeerwall.log.dir=$home/logs"
    if [ "${PEERWALL_CDS_DISPLAY:-}" = xvfb ]; then
      # JavaFX s software pipeline: a virtual display has no GPU.
      options+=" -Dprism.order=sw"
      exec 3>"$home/display"
      Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
      xvfb=$!
      for _ in $(seq 100); do [ -s "$home/display" ] && break; sleep 0.1; done
      export DISPLAY=":$(cat "$home/display")"
    fi
    status=0
    HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
      JAVA_TOOL_OPTIONS="$options" "$installed/bin/$name" "$@" >"$home/run.log" 2>&1 || status=$?
    if [ -n "${xvfb:-}" ]; then kill "$xvfb"; fi
    if [ "$status" -ne 0 ]; then tail -n 20 "$home/run.log" >&2; exit "$status"; fi
  ' _ "$installed" "$image" "$name" "$home" "$@" || die "the CDS training run of $name failed"
  rm -rf "$home"
  [ -f "$image/lib/$name.jsa" ] || die "no CDS archive was written for $name"
  chmod 0644 "$image/lib/$name.jsa"
  printf 'java-options=-XX:SharedArchiveFile=$APPDIR/../%s.jsa\n' "$name" >>"$image/lib/app/$name.cfg"
}

# Runs jpackage for one app image: jpackage.cfg, the package's own file, and what only the build knows.
app_image() { # PACKAGE (station|camera) NAME MAIN-JAR INPUT DEST [EXTRA-ARGS...]
  local package="$1" name="$2" main_jar="$3" input="$4" dest="$5"
  shift 5
  rm -rf "$dest"
  (cd "$root" && jpackage --type app-image @jpackage.cfg "@installer/linux/$package.cfg" \
    --app-version "$app_version" --input "$input" --main-jar "$main_jar" \
    --icon installer/icons/peerwall-256.png --dest "$dest" "$@")
  # Only for heaps over 32 GB; such a station starts without CDS.
  rm -f "$dest/$name/lib/runtime/lib/server/classes_nocoops.jsa"
}

# Packs STAGE (a root file system tree) and installer/linux/PACKAGE into PKG_VERSION_amd64.deb.
build_deb() { # PKG (Debian name) PACKAGE (station|camera) STAGE
  local pkg="$1" src="$linux/$2" stage="$3"
  cp -a "$src/root/." "$stage/"
  mkdir -p "$stage/DEBIAN"
  local size
  size="$(du -sk --apparent-size --exclude=DEBIAN "$stage" | cut -f1)"
  sed -e "s/@VERSION@/$deb_version/" -e "s/@INSTALLED_SIZE@/$size/" "$src/control" >"$stage/DEBIAN/control"
  local script
  for script in preinst postinst prerm postrm; do
    if [ -f "$src/$script" ]; then install -m 0755 "$src/$script" "$stage/DEBIAN/$script"; fi
  done
  if [ -f "$src/conffiles" ]; then install -m 0644 "$src/conffiles" "$stage/DEBIAN/conffiles"; fi
  chmod -R u+rwX,go+rX,go-w "$stage"
  (cd "$stage" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) \
    >"$stage/DEBIAN/md5sums"
  local deb="$out/${pkg}_${deb_version}_amd64.deb"
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
  say "$(basename "$deb"): $(du -m --apparent-size "$deb" | cut -f1) MB (installed $((size / 1024)) MB)"
}

mkdir -p "$work"

# ---- the station: the app module's class path without the benchmarks and without JavaFX ----------
mapfile -t station_jars < <(
  echo "$root/app/target/peerwall-app-$version.jar"
  classpath_of app | grep -v '/peerwall-bench-'
)
mapfile -t fx_jars < <(tr ':' '\n' <"$root/app/target/javafx-path.txt" | grep -- '-linux\.jar$')
[ "${#fx_jars[@]}" -eq 3 ] || die "expected JavaFX base, graphics and controls in app/target/javafx-path.txt"
say "station: jars and natives"
prepare_input "$work/station/input" "$linux/station.natives" "${station_jars[@]}"
say "station: jlink and jpackage"
fx_path="$(printf '%s:' "${fx_jars[@]}")"
app_image station peerwall "peerwall-app-$version.jar" "$work/station/input" "$work/station/image" \
  --module-path "${fx_path%:}"
station_image="$work/station/image/peerwall"
# JavaFX looks for its natives next to the runtime's own when it is linked into the runtime, and
# unpacks them into ~/.openjfx only when they are not there.
fx_graphics="$(printf '%s\n' "${fx_jars[@]}" | grep javafx-graphics)"
unzip -q -o -j "$fx_graphics" '*.so' -d "$station_image/lib/runtime/lib"
chmod 0644 "$station_image"/lib/runtime/lib/*.so
# Trained on the demo's wall (one camera, a few seconds): the archive then covers what a start of
# the wall loads (the command tree, sessions, decoding, recording, JavaFX), not only --version.
need_tool Xvfb xvfb
say "station: CDS archive (a short demo on a virtual display)"
PEERWALL_CDS_DISPLAY=xvfb dump_cds "$station_image" /opt/peerwall peerwall demo --cameras 1 --duration 3s

# ---- the camera agent: the camera module's own class path (no JavaFX, no station) ----------------
mapfile -t camera_jars < <(
  echo "$root/camera/target/peerwall-camera-$version.jar"
  classpath_of camera
)
say "camera: jars and natives"
prepare_input "$work/camera/input" "$linux/camera.natives" "${camera_jars[@]}"
say "camera: jlink and jpackage"
app_image camera peerwall-camera "peerwall-camera-$version.jar" "$work/camera/input" "$work/camera/image"
camera_image="$work/camera/image/peerwall-camera"
say "camera: CDS archive"
dump_cds "$camera_image" /opt/peerwall-camera peerwall-camera --version

# ---- the packages ---------------------------------------------------------------------------------
rm -f "$out"/*.deb
stage="$work/deb-station"
rm -rf "$stage"
mkdir -p "$stage/opt" "$stage/usr/bin"
cp -a "$station_image" "$stage/opt/peerwall"
ln -s /opt/peerwall/bin/peerwall "$stage/usr/bin/peerwall"
for size in 48 64 128 256; do
  install -D -m 0644 "$root/installer/icons/peerwall-$size.png" \
    "$stage/usr/share/icons/hicolor/${size}x$size/apps/peerwall.png"
done
install -D -m 0644 "$root/installer/icons/peerwall.svg" "$stage/usr/share/icons/hicolor/scalable/apps/peerwall.svg"
build_deb peerwall station "$stage"

stage="$work/deb-camera"
rm -rf "$stage"
mkdir -p "$stage/opt"
cp -a "$camera_image" "$stage/opt/peerwall-camera"
build_deb peerwall-camera camera "$stage"
