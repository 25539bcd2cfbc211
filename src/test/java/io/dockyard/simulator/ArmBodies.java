package io.dockyard.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.dockyard.support.SshKeys;
import io.dockyard.support.TestCertificates;

import static org.awaitility.Awaitility.await;

/** Request bodies for a host's resources, and a helper that builds the whole set over plain HTTP. */
public final class ArmBodies {

    private ArmBodies() {
    }

    public static String group(String location) {
        return "{\"location\":\"" + location + "\",\"tags\":{\"managed-by\":\"dockyard\"}}";
    }

    public static String nsg(int port) {
        return """
                {"location":"eastus","properties":{"securityRules":[{"name":"docker-tls","properties":{"protocol":"Tcp",
                "sourcePortRange":"*","destinationPortRange":"%d","sourceAddressPrefix":"10.0.0.0/8",
                "destinationAddressPrefix":"*","access":"Allow","priority":100,"direction":"Inbound"}}]}}""".formatted(port);
    }

    public static String vnet(String nsgId) {
        return """
                {"location":"eastus","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
                "subnets":[{"name":"hosts","properties":{"addressPrefix":"10.0.0.0/24","networkSecurityGroup":{"id":"%s"}}}]}}"""
                .formatted(nsgId);
    }

    public static String publicIp(String label) {
        return """
                {"location":"eastus","sku":{"name":"Standard","tier":"Regional"},
                "properties":{"publicIPAllocationMethod":"Static","dnsSettings":{"domainNameLabel":"%s"}}}""".formatted(label);
    }

    public static String nic(String subnetId, String publicIpId) {
        return """
                {"location":"eastus","properties":{"ipConfigurations":[{"name":"primary","properties":{
                "privateIPAllocationMethod":"Dynamic","primary":true,"subnet":{"id":"%s"},"publicIPAddress":{"id":"%s"}}}]}}"""
                .formatted(subnetId, publicIpId);
    }

    public static String vm(String nicId, String size, String admin) {
        return """
                {"location":"eastus","tags":{"managed-by":"dockyard"},"properties":{"hardwareProfile":{"vmSize":"%s"},
                "storageProfile":{"imageReference":{"publisher":"Canonical","offer":"ubuntu-24_04-lts","sku":"server",
                "version":"latest"},"osDisk":{"createOption":"FromImage","managedDisk":{"storageAccountType":"Premium_LRS"},
                "diskSizeGB":64}},"osProfile":{"computerName":"host","adminUsername":"%s","linuxConfiguration":{
                "disablePasswordAuthentication":true,"ssh":{"publicKeys":[{"path":"/home/%s/.ssh/authorized_keys",
                "keyData":"%s"}]}}},"networkProfile":{"networkInterfaces":[{"id":"%s","properties":{"primary":true}}]}}}"""
                .formatted(size, admin, admin, SshKeys.ed25519(), nicId);
    }

    /** The ids of one host's resources. */
    public record Host(String group, String nsg, String vnet, String subnet, String publicIp, String nic, String vm) {
    }

    /** Creates a resource group and a running VM with its network, waiting for each operation to finish. */
    public static Host host(ArmHttp arm, String groupName, String label, String size) {
        String group = arm.group(groupName);
        arm.put(group, group("eastus"));
        String network = group + "/providers/Microsoft.Network";
        String nsg = network + "/networkSecurityGroups/nsg";
        succeeded(arm, nsg, arm.put(nsg, nsg(2376)));
        String vnet = network + "/virtualNetworks/vnet";
        succeeded(arm, vnet, arm.put(vnet, vnet(nsg)));
        String pip = network + "/publicIPAddresses/ip";
        succeeded(arm, pip, arm.put(pip, publicIp(label)));
        String nic = network + "/networkInterfaces/nic";
        succeeded(arm, nic, arm.put(nic, nic(vnet + "/subnets/hosts", pip)));
        String vm = group + "/providers/Microsoft.Compute/virtualMachines/vm";
        succeeded(arm, vm, arm.put(vm, vm(nic, size, "dockyard")));
        return new Host(group, nsg, vnet, vnet + "/subnets/hosts", pip, nic, vm);
    }

    static void succeeded(ArmHttp arm, String id, ArmHttp.Answer put) {
        if (put.status() >= 300) {
            throw new AssertionError("PUT " + id + " answered " + put.status() + ": " + put.text());
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
                !arm.get(id).json().path("properties").path("provisioningState").asString().matches("Creating|Updating"));
    }

    /** What the bootstrap payload does, reduced to the part the simulator serves: TLS files, daemon.json, restart. */
    public static String dockerScript(TestCertificates.Issued ca, TestCertificates.Issued server, int port) {
        return String.join("\n", List.of(
                "#!/bin/bash",
                "set -euo pipefail",
                "etc=\"${DOCKYARD_ROOT:-}/etc/docker\"",
                "install -d -m 0755 \"$etc\"",
                "cat > \"$etc/ca.pem\" <<'PEM'", ca.certificatePem().strip(), "PEM",
                "cat > \"$etc/server-cert.pem\" <<'PEM'", server.certificatePem().strip(), "PEM",
                "umask 077",
                "cat > \"$etc/server-key.pem\" <<'PEM'", server.keyPem().strip(), "PEM",
                "cat > \"$etc/daemon.json\" <<'JSON'",
                "{\"tlsverify\": true, \"tlscacert\": \"/etc/docker/ca.pem\", \"tlscert\": \"/etc/docker/server-cert.pem\","
                        + " \"tlskey\": \"/etc/docker/server-key.pem\","
                        + " \"hosts\": [\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:" + port + "\"]}",
                "JSON",
                "systemctl daemon-reload",
                "systemctl restart docker",
                "echo 'docker configured'",
                ""));
    }

    public static String gzipBase64(String script) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

}
