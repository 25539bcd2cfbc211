#!/usr/bin/env bash
# Dockyard: installs Docker Engine on host @@HOST_ID@@ and serves it with mutual TLS on port @@PORT@@.
#
# Dockyard renders this script for one host. Every value that came from the host's settings is
# embedded as base64 and is only ever decoded into a file or a pipe, never run as shell. Running it
# again is harmless: a file is replaced only when its content differs, and Docker is restarted only
# when one of its files changed or it is not running.
#
# Sandbox contract (Dockyard's simulator and tests run this very script):
#   DOCKYARD_ROOT=DIR        every path written is DIR followed by the VM path (empty on a VM)
#   DOCKYARD_SKIP_INSTALL=1  do not install packages
#   DOCKYARD_ENGINE_WAIT=N   seconds to wait for 'docker info' after a (re)start
set -euo pipefail
umask 077

readonly HOST_ID='@@HOST_ID@@'
readonly DOCKER_PORT='@@PORT@@'
readonly ENGINE_VERSION='@@ENGINE_VERSION@@'
readonly APT_REPOSITORY='@@APT_REPOSITORY@@'
readonly DEFAULT_ENGINE_WAIT='@@ENGINE_WAIT@@'
# base64 of each file's exact content; empty when the host has none
readonly CLIENT_CA_PEM='@@CLIENT_CA_PEM@@'
readonly SERVER_CERT_PEM='@@SERVER_CERT_PEM@@'
readonly SERVER_KEY_PEM='@@SERVER_KEY_PEM@@'
readonly DAEMON_JSON='@@DAEMON_JSON@@'
readonly DROP_IN='@@DROP_IN@@'
readonly COMPOSE_YAML='@@COMPOSE_YAML@@'
readonly COMPOSE_ENV='@@COMPOSE_ENV@@'
# base64 of lines "SERVER USERNAME PASSWORD", each field base64 itself, "-" for Docker Hub
readonly REGISTRY_LOGINS='@@REGISTRY_LOGINS@@'

readonly COMPOSE_DIR=/opt/dockyard/compose
readonly DROP_IN_PATH=/etc/systemd/system/docker.service.d/dockyard.conf

root="${DOCKYARD_ROOT:-}"
engine_wait="${DOCKYARD_ENGINE_WAIT:-$DEFAULT_ENGINE_WAIT}"
staged=""
file_changed=0
engine_files_changed=0

log() {
    printf 'dockyard: %s\n' "$*"
}

fail() {
    printf 'dockyard: error: %s\n' "$*" >&2
    exit 1
}

cleanup() {
    if [[ -n "$staged" ]]; then
        rm -f "$staged"
    fi
}
trap cleanup EXIT

# decode BASE64: the bytes it stands for, on stdout. A here-string, not a pipe from printf, so that no subshell
# is forked for it.
decode() {
    base64 --decode <<<"$1"
}

# stage_file VM_PATH MODE: a new file beside VM_PATH that this run alone created (O_EXCL, as mktemp does), with
# MODE (0644 or 0600) from its first byte, named in $staged. Shell builtins only: it runs for every file of every
# host, and a fork for dirname, mktemp and chmod each tripled what writing a file cost.
stage_file() {
    local mask attempt
    case "$2" in
        0644) mask=022 ;;
        0600) mask=077 ;;
        *) fail "stage_file: mode $2 is neither 0644 nor 0600" ;;
    esac
    umask "$mask"
    set -o noclobber
    for attempt in 1 2 3; do
        staged="$root${1%/*}/.dockyard.$$.$RANDOM$RANDOM"
        if { : >"$staged"; } 2>/dev/null; then
            break
        fi
        staged=""
    done
    set +o noclobber
    umask 077
    if [[ -z "$staged" ]]; then
        fail "cannot create a new file beside $1"
    fi
}

# commit_file VM_PATH MODE: puts the staged file in place unless VM_PATH already holds the same bytes.
commit_file() {
    local target="$root$1"
    if [[ -f "$target" ]] && cmp -s "$staged" "$target"; then
        rm -f "$staged"
        chmod "$2" "$target"
        file_changed=0
        log "$1 is up to date"
    else
        mv -f "$staged" "$target"
        file_changed=1
        log "wrote $1"
    fi
    staged=""
}

# put_file VM_PATH MODE BASE64
put_file() {
    stage_file "$1" "$2"
    decode "$3" >"$staged"
    commit_file "$1" "$2"
}

# put_engine_file VM_PATH MODE BASE64: a file dockerd reads only when it starts.
put_engine_file() {
    put_file "$@"
    if ((file_changed)); then
        engine_files_changed=1
    fi
}

remove_file() {
    if [[ -e "$root$1" ]]; then
        rm -f "$root$1"
        log "removed $1"
    fi
}

# apt_get ARGS...: apt-get, retried while another apt or dpkg (cloud-init, unattended-upgrades) holds the lock.
apt_get() {
    local attempt
    for attempt in 1 2 3 4 5; do
        if apt-get -q -y -o DPkg::Lock::Timeout=120 "$@" >>/var/log/dockyard/apt.log 2>&1; then
            return 0
        fi
        log "apt-get $1 failed (attempt $attempt of 5); retrying in 15s"
        sleep 15
    done
    tail -n 20 /var/log/dockyard/apt.log >&2 || true
    fail "apt-get $1 kept failing; the end of /var/log/dockyard/apt.log is above"
}

os_codename() {
    local codename
    codename="$(sed -n 's/^UBUNTU_CODENAME=//p' /etc/os-release | tr -d '"')"
    if [[ -z "$codename" ]]; then
        codename="$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release | tr -d '"')"
    fi
    if [[ -z "$codename" ]]; then
        fail "cannot tell the distribution's codename from /etc/os-release"
    fi
    printf '%s' "$codename"
}

# candidate_version X.Y.Z: the newest docker-ce package version of that engine release, or nothing.
candidate_version() {
    apt-cache madison docker-ce | awk -v wanted="$1" '
        { plain = $3; sub(/^[0-9]+:/, "", plain) }
        found == "" && (index(plain, wanted "-") == 1 || index(plain, wanted "~") == 1) { found = $3 }
        END { print found }'
}

available_versions() {
    apt-cache madison docker-ce | awk 'NR <= 5 { printf "%s ", $3 }'
}

install_engine() {
    local codename arch version
    if [[ -n "$root" ]]; then
        fail "DOCKYARD_ROOT is set but packages cannot be installed into a sandbox; set DOCKYARD_SKIP_INSTALL=1"
    fi
    export DEBIAN_FRONTEND=noninteractive
    install -d -m 0755 /var/log/dockyard /etc/apt/keyrings
    codename="$(os_codename)"
    arch="$(dpkg --print-architecture)"
    log "installing Docker Engine ${ENGINE_VERSION:-(newest)} from $APT_REPOSITORY ($codename, $arch)"
    if ! command -v curl >/dev/null 2>&1; then
        apt_get update
        apt_get install ca-certificates curl
    fi

    stage_file /etc/apt/keyrings/docker.asc 0644
    curl -fsSL --retry 5 --retry-delay 5 "$APT_REPOSITORY/gpg" -o "$staged"
    commit_file /etc/apt/keyrings/docker.asc 0644
    stage_file /etc/apt/sources.list.d/docker.list 0644
    printf 'deb [arch=%s signed-by=/etc/apt/keyrings/docker.asc] %s %s stable\n' "$arch" "$APT_REPOSITORY" "$codename" >"$staged"
    commit_file /etc/apt/sources.list.d/docker.list 0644
    apt_get update

    if [[ -n "$ENGINE_VERSION" ]]; then
        version="$(candidate_version "$ENGINE_VERSION")"
        if [[ -z "$version" ]]; then
            fail "Docker Engine $ENGINE_VERSION is not in $APT_REPOSITORY for $codename; newest there: $(available_versions)"
        fi
        apt_get install --allow-downgrades --allow-change-held-packages \
            "docker-ce=$version" "docker-ce-cli=$version" containerd.io docker-compose-plugin
        apt-mark hold docker-ce docker-ce-cli >/dev/null
        log "installed docker-ce $version and held it there"
    else
        apt-mark unhold docker-ce docker-ce-cli >/dev/null 2>&1 || true
        apt_get install --no-upgrade docker-ce docker-ce-cli containerd.io docker-compose-plugin
        log "installed $(dpkg-query --show docker-ce | tr '\t' ' ')"
    fi
}

configure_engine() {
    install -d -m 0755 "$root/etc/docker" "$root/etc/systemd/system/docker.service.d"
    put_engine_file /etc/docker/ca.pem 0644 "$CLIENT_CA_PEM"
    put_engine_file /etc/docker/server-cert.pem 0644 "$SERVER_CERT_PEM"
    put_engine_file /etc/docker/server-key.pem 0600 "$SERVER_KEY_PEM"
    put_engine_file /etc/docker/daemon.json 0644 "$DAEMON_JSON"
    put_engine_file "$DROP_IN_PATH" 0600 "$DROP_IN"
}

explain_engine_failure() {
    if [[ -z "$root" ]] && command -v journalctl >/dev/null 2>&1; then
        journalctl -u docker --no-pager -n 25 >&2 || true
    fi
}

restart_engine() {
    if ! systemctl restart docker; then
        explain_engine_failure
        fail "Docker did not start with this configuration; dockerd's complaint is above (journalctl -u docker)"
    fi
}

wait_for_engine() {
    local deadline version=""
    deadline=$((SECONDS + engine_wait))
    until version="$(docker info --format '{{.ServerVersion}}' 2>/dev/null)"; do
        if ((SECONDS >= deadline)); then
            explain_engine_failure
            fail "Docker Engine did not answer 'docker info' within ${engine_wait}s"
        fi
        sleep 1
    done
    log "Docker Engine ${version:-(version not reported)} answers"
}

start_engine() {
    systemctl daemon-reload
    systemctl enable docker
    if ((engine_files_changed)); then
        log "restarting Docker: its configuration changed"
        restart_engine
    elif ! systemctl is-active --quiet docker; then
        log "starting Docker: it was not running"
        restart_engine
    else
        log "Docker's configuration is unchanged; not restarting it"
    fi
    wait_for_engine
}

# registry_login SERVER USERNAME PASSWORD, each base64; SERVER "-" means Docker Hub.
registry_login() {
    local server="" username args
    if [[ "$1" != - ]]; then
        server="$(decode "$1")"
    fi
    username="$(decode "$2")"
    args=(login --username "$username" --password-stdin)
    if [[ -n "$server" ]]; then
        args+=("$server")
    fi
    log "logging in to ${server:-Docker Hub} as $username"
    if ! decode "$3" | docker "${args[@]}" >/dev/null; then
        fail "docker login to ${server:-Docker Hub} as $username failed"
    fi
}

login_registries() {
    local server username password
    if [[ -z "$REGISTRY_LOGINS" ]]; then
        return 0
    fi
    while read -r -u 3 server username password; do
        registry_login "$server" "$username" "$password"
    done 3< <(decode "$REGISTRY_LOGINS")
}

deploy_compose() {
    local compose_file="$root$COMPOSE_DIR/compose.yaml"
    if [[ -n "$COMPOSE_ENV" || -n "$COMPOSE_YAML" ]]; then
        install -d -m 0700 "$root$COMPOSE_DIR"
    fi
    if [[ -n "$COMPOSE_ENV" ]]; then
        put_file "$COMPOSE_DIR/.env" 0600 "$COMPOSE_ENV"
    else
        remove_file "$COMPOSE_DIR/.env"
    fi
    if [[ -n "$COMPOSE_YAML" ]]; then
        put_file "$COMPOSE_DIR/compose.yaml" 0600 "$COMPOSE_YAML"
        log "bringing up compose project dockyard"
        docker compose --project-name dockyard --file "$compose_file" up --detach --remove-orphans
        log "compose project dockyard is up"
    elif [[ -f "$compose_file" ]]; then
        log "taking down compose project dockyard: the host no longer has a compose file"
        docker compose --project-name dockyard --file "$compose_file" down --remove-orphans
        remove_file "$COMPOSE_DIR/compose.yaml"
    fi
}

main() {
    if [[ ! "$engine_wait" =~ ^[0-9]+$ ]]; then
        fail "DOCKYARD_ENGINE_WAIT must be a whole number of seconds"
    fi
    log "host $HOST_ID: Docker Engine ${ENGINE_VERSION:-(newest)} with mutual TLS on port $DOCKER_PORT"
    if [[ "${DOCKYARD_SKIP_INSTALL:-}" == 1 ]]; then
        log "not installing packages (DOCKYARD_SKIP_INSTALL=1)"
    else
        install_engine
    fi
    configure_engine
    start_engine
    login_registries
    deploy_compose
    log "done"
}

# Run when executed (Azure, the simulator); only define the functions when sourced (tests).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
