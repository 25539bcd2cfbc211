#!/usr/bin/env bash
# docker CLI stand-in installed by the Dockyard simulator when its engines are fakes.
# It records each call in $DOCKYARD_ROOT/.simulator/docker.log and succeeds. Passwords never reach
# the log: 'login -p/--password' values are redacted and '--password-stdin' input is read and dropped.
set -u

log="${DOCKYARD_ROOT:?DOCKYARD_ROOT is not set}/.simulator/docker.log"

recorded=()
login=0
redact_next=0
password_stdin=0
for arg in "$@"; do
    if ((redact_next)); then
        recorded+=("<redacted>")
        redact_next=0
        continue
    fi
    case "$arg" in
        login)
            login=1
            recorded+=("$arg")
            ;;
        --password-stdin)
            password_stdin=1
            recorded+=("$arg")
            ;;
        -p | --password)
            if ((login)); then redact_next=1; fi
            recorded+=("$arg")
            ;;
        --password=* | -p=*)
            if ((login)); then recorded+=("${arg%%=*}=<redacted>"); else recorded+=("$arg"); fi
            ;;
        *) recorded+=("$arg") ;;
    esac
done

if ((password_stdin)); then
    cat >/dev/null
fi
printf 'docker %s\n' "${recorded[*]}" >>"$log"
if ((login)); then
    echo "Login Succeeded"
fi
exit 0
