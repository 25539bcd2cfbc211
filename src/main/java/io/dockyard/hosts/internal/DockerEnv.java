package io.dockyard.hosts.internal;

import io.dockyard.web.ApiProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shell lines {@code docker-machine env} used to print, for one host: {@code DOCKER_HOST} from the endpoint the
 * reconciler recorded, {@code DOCKER_TLS_VERIFY=1}, and a {@code DOCKER_CERT_PATH} default where the team unzips the
 * host's client bundle. A host without an endpoint yet is a conflict that says when to come back.
 */
final class DockerEnv {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DockerEnv() {
    }

    static String render(HostRow host) {
        JsonNode status = JSON.readTree(host.status());
        String endpoint = status.path("docker").path("endpoint").asString(null);
        if (endpoint == null || !endpoint.matches("tcp://[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}")) {
            throw ApiProblem.conflict("host-not-ready", "Host '" + host.name() + "' has no Docker endpoint yet (phase "
                    + host.phase() + "); try again when status.phase is Ready.");
        }
        String path = "/api/v1/hosts/" + host.id();
        return "# Docker environment for host " + host.name() + " (team " + host.team() + ").\n"
                + "# Apply it with: eval \"$(curl -s -H \"Authorization: Bearer $TOKEN\" <dockyard>" + path + "/docker-env)\"\n"
                + "# DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem: unzip the bundle from\n"
                + "# POST " + path + "/client-certificates there.\n"
                + "export DOCKER_HOST=\"" + endpoint + "\"\n"
                + "export DOCKER_TLS_VERIFY=\"1\"\n"
                + "export DOCKER_CERT_PATH=\"${DOCKER_CERT_PATH:-$HOME/.docker/dockyard/" + host.name() + "}\"\n";
    }
}
