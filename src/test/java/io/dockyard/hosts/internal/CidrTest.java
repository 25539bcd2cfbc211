package io.dockyard.hosts.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTest {

    @Test
    void acceptsCanonicalNetworksAndBareAddresses() {
        assertThat(Cidr.parse("10.0.0.0/8").cidr()).isPresent();
        assertThat(Cidr.parse("198.51.100.7").cidr().orElseThrow().text()).isEqualTo("198.51.100.7/32");
        assertThat(Cidr.parse("2001:db8::/32").cidr()).isPresent();
    }

    @Test
    void refusesHostBitsAndSuggestsTheNetwork() {
        assertThat(Cidr.parse("10.1.2.3/8").error()).contains("10.0.0.0/8");
    }

    @Test
    void refusesMalformedText() {
        assertThat(Cidr.parse("10.0.0/8").cidr()).isEmpty();
        assertThat(Cidr.parse("10.0.0.1/33").cidr()).isEmpty();
        assertThat(Cidr.parse("010.0.0.1").cidr()).isEmpty();
        assertThat(Cidr.parse("example.com").cidr()).isEmpty();
        assertThat(Cidr.parse("::g/64").cidr()).isEmpty();
    }

    @Test
    void containmentFollowsPrefixes() {
        Cidr corp = Cidr.parse("10.0.0.0/8").cidr().orElseThrow();
        assertThat(corp.contains(Cidr.parse("10.20.0.0/16").cidr().orElseThrow())).isTrue();
        assertThat(corp.contains(Cidr.parse("11.0.0.0/16").cidr().orElseThrow())).isFalse();
        assertThat(corp.contains(Cidr.parse("0.0.0.0/0").cidr().orElseThrow())).isFalse();
    }

    @Property
    void everyCanonicalIpv4NetworkRoundTrips(@ForAll @IntRange(min = 0, max = 255) int a,
            @ForAll @IntRange(min = 0, max = 255) int b, @ForAll @IntRange(min = 0, max = 255) int c,
            @ForAll @IntRange(min = 0, max = 255) int d, @ForAll @IntRange(min = 0, max = 32) int prefix) {
        long address = ((long) a << 24) | (b << 16) | (c << 8) | d;
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long network = address & mask;
        String text = (network >> 24 & 255) + "." + (network >> 16 & 255) + "." + (network >> 8 & 255) + "."
                + (network & 255) + "/" + prefix;

        Cidr.Result parsed = Cidr.parse(text);

        assertThat(parsed.cidr()).as(text).isPresent();
        assertThat(parsed.cidr().get().text()).isEqualTo(text);
        if (network != address) {
            String withHostBits = a + "." + b + "." + c + "." + d + "/" + prefix;
            assertThat(Cidr.parse(withHostBits).cidr()).as(withHostBits).isEmpty();
        }
    }
}
