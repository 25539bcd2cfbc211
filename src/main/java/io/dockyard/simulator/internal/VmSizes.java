package io.dockyard.simulator.internal;

import java.util.List;
import java.util.Locale;

/** The VM sizes the simulated compute provider offers, with the facts ARM lists for each. */
final class VmSizes {

    /** One size: cores count against the regional quota. */
    record Size(String name, int cores, int memoryMb, int maxDataDisks, int resourceDiskMb) {
    }

    static final List<Size> ALL = List.of(
            new Size("Standard_B1s", 1, 1024, 2, 4096),
            new Size("Standard_B1ms", 1, 2048, 2, 4096),
            new Size("Standard_B2s", 2, 4096, 4, 8192),
            new Size("Standard_B2ms", 2, 8192, 4, 16384),
            new Size("Standard_B4ms", 4, 16384, 8, 32768),
            new Size("Standard_A1_v2", 1, 2048, 2, 10240),
            new Size("Standard_A2_v2", 2, 4096, 4, 20480),
            new Size("Standard_D1_v2", 1, 3584, 4, 51200),
            new Size("Standard_D2_v2", 2, 7168, 8, 102400),
            new Size("Standard_DS1_v2", 1, 3584, 4, 7168),
            new Size("Standard_DS2_v2", 2, 7168, 8, 14336),
            new Size("Standard_DS3_v2", 4, 14336, 16, 28672),
            new Size("Standard_D2s_v3", 2, 8192, 4, 16384),
            new Size("Standard_D4s_v3", 4, 16384, 8, 32768),
            new Size("Standard_D2s_v5", 2, 8192, 4, 0),
            new Size("Standard_D4s_v5", 4, 16384, 8, 0),
            new Size("Standard_D8s_v5", 8, 32768, 16, 0),
            new Size("Standard_D2as_v5", 2, 8192, 4, 0),
            new Size("Standard_D4as_v5", 4, 16384, 8, 0),
            new Size("Standard_E2s_v5", 2, 16384, 4, 0),
            new Size("Standard_E4s_v5", 4, 32768, 8, 0),
            new Size("Standard_F2s_v2", 2, 4096, 4, 16384),
            new Size("Standard_F4s_v2", 4, 8192, 8, 32768));

    private VmSizes() {
    }

    static Size find(String name) {
        if (name == null) {
            return null;
        }
        for (Size size : ALL) {
            if (size.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return size;
            }
        }
        return null;
    }

    static tools.jackson.databind.node.ObjectNode render() {
        var out = Json.object();
        var value = out.putArray("value");
        for (Size size : ALL) {
            value.addObject().put("name", size.name()).put("numberOfCores", size.cores())
                    .put("osDiskSizeInMB", 1047552).put("resourceDiskSizeInMB", size.resourceDiskMb())
                    .put("memoryInMB", size.memoryMb()).put("maxDataDiskCount", size.maxDataDisks());
        }
        return out;
    }
}
