#!/usr/bin/env bash
# systemctl stand-in installed by the Dockyard simulator into a simulated VM's PATH.
# Unit-file chores succeed at once; starting, stopping or querying docker is handed to the
# simulator through files: a request in $DOCKYARD_ROOT/.simulator/requests, answered by a reply
# (exit code on the first line, message after it) in $DOCKYARD_ROOT/.simulator/replies.
set -u

sim_dir="${DOCKYARD_ROOT:?DOCKYARD_ROOT is not set}/.simulator"
printf 'systemctl %s\n' "$*" >>"$sim_dir/systemctl.log"

verb=""
now=0
quiet=0
units=()
for arg in "$@"; do
    case "$arg" in
        --now) now=1 ;;
        -q | --quiet) quiet=1 ;;
        -*) ;;
        *)
            if [[ -z "$verb" ]]; then
                verb="$arg"
            else
                units+=("$arg")
            fi
            ;;
    esac
done

docker_unit=0
for unit in "${units[@]}"; do
    case "$unit" in
        docker | docker.service) docker_unit=1 ;;
    esac
done

reply_code=1
reply_message=""

# ask ACTION: hands ACTION (start, stop or status) for docker to the simulator and waits for its reply.
# Builtins wherever a command would do: hundreds of simulated VMs run this at once on a few cores, and a
# 'sleep' for every 25 ms of waiting, 'date', 'head' and 'tail' each cost a process.
ask() {
    local action="$1" id request reply deadline wait_fd lines
    id="${EPOCHREALTIME/./}-$$-$RANDOM"
    request="$sim_dir/requests/$id"
    reply="$sim_dir/replies/$id.reply"
    printf '%s\n' "$action" >"$request.tmp"
    mv "$request.tmp" "$request.req"
    deadline=$((SECONDS + ${DOCKYARD_SHIM_TIMEOUT:-120}))
    # A pipe that nobody writes to: 'read -t' on it is a sleep without a process.
    exec {wait_fd}<> <(:)
    while [[ ! -f "$reply" ]]; do
        if ((SECONDS >= deadline)); then
            rm -f "$request.req"
            reply_code=1
            reply_message="the simulator did not answer '$action docker' in time"
            return
        fi
        read -r -t 0.025 -u "$wait_fd" _ || true
    done
    mapfile -t lines <"$reply"
    reply_code="${lines[0]:-1}"
    printf -v reply_message '%s\n' "${lines[@]:1}"
    reply_message="${reply_message%$'\n'}"
    rm -f "$reply"
}

# start_docker: (re)starts docker.service and exits like systemctl does.
start_docker() {
    ask start
    if [[ "$reply_code" != 0 ]]; then
        printf 'Job for docker.service failed: %s\n' "$reply_message" >&2
        exit 1
    fi
    exit 0
}

stop_docker() {
    ask stop
    if [[ "$reply_code" != 0 ]]; then
        printf 'Failed to stop docker.service: %s\n' "$reply_message" >&2
        exit 1
    fi
    exit 0
}

case "$verb" in
    start | restart | reload | reload-or-restart | try-restart | try-reload-or-restart | force-reload | condrestart)
        if ((docker_unit)); then start_docker; fi
        ;;
    enable)
        if ((docker_unit && now)); then start_docker; fi
        ;;
    stop | kill)
        if ((docker_unit)); then stop_docker; fi
        ;;
    disable)
        if ((docker_unit && now)); then stop_docker; fi
        ;;
    is-active | status)
        if ((docker_unit)); then
            ask status
            if [[ "$reply_code" == 0 ]]; then
                if ((quiet)); then
                    exit 0
                elif [[ "$verb" == status ]]; then
                    printf '%s\n' "* docker.service - Docker Application Container Engine (simulated)" "     Active: active (running)"
                else
                    echo active
                fi
                exit 0
            fi
            if ((quiet)); then
                exit 3
            elif [[ "$verb" == status ]]; then
                printf '%s\n' "* docker.service - Docker Application Container Engine (simulated)" "     Active: inactive (dead)"
            else
                echo inactive
            fi
            exit 3
        fi
        ;;
    is-enabled)
        if ((!quiet)); then echo enabled; fi
        ;;
esac
exit 0
