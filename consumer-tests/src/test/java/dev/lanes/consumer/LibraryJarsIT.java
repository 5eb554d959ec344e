package dev.lanes.consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a consumer downloads: each library jar is a named module exporting its API and SPI packages only, carries
 * the licence, and holds nothing the build made for itself (such as the compiler plugin's
 * {@code META-INF/jpms.args}).
 */
class LibraryJarsIT {

    /** Entries a library jar may hold, with {@link #ALLOWED_TREES}; anything else leaked from the build. */
    private static final Set<String> ALLOWED_ENTRIES = Set.of(
            "module-info.class", "dev/", "META-INF/", "META-INF/MANIFEST.MF", "META-INF/LICENSE");
    private static final List<String> ALLOWED_TREES = List.of("dev/lanes/", "META-INF/services/", "META-INF/maven/");

    enum Library {
        KERNELS("lanes-kernels", "dev.lanes.kernels", Set.of("dev.lanes.kernels", "dev.lanes.kernels.spi")),
        NN("lanes-nn", "dev.lanes.nn", Set.of("dev.lanes.nn", "dev.lanes.nn.check", "dev.lanes.nn.init",
                "dev.lanes.nn.io", "dev.lanes.nn.layers", "dev.lanes.nn.loss", "dev.lanes.nn.optim",
                "dev.lanes.nn.train", "dev.lanes.nn.data", "dev.lanes.nn.datasets", "dev.lanes.nn.metrics",
                "dev.lanes.nn.tabular", "dev.lanes.nn.quant")),
        ONNX("lanes-onnx", "dev.lanes.onnx", Set.of("dev.lanes.onnx"));

        final String artifactId;
        final String moduleName;
        /** Adding an API package means adding it here and to module-info.java; implementation packages stay out. */
        final Set<String> exportedPackages;

        Library(String artifactId, String moduleName, Set<String> exportedPackages) {
            this.artifactId = artifactId;
            this.moduleName = moduleName;
            this.exportedPackages = exportedPackages;
        }

        Path jar() {
            List<Path> matches = ConsumerBuild.runtimePath().stream()
                    .filter(path -> path.getFileName().toString().startsWith(artifactId + "-")
                            && path.getFileName().toString().endsWith(".jar"))
                    .toList();
            assertEquals(1, matches.size(), artifactId + " jars on the consumer's runtime path: " + matches);
            return matches.getFirst();
        }
    }

    @ParameterizedTest
    @EnumSource(Library.class)
    void isANamedModuleExportingOnlyItsApi(Library library) {
        ModuleDescriptor descriptor = ModuleFinder.of(library.jar()).findAll().iterator().next().descriptor();

        assertEquals(library.moduleName, descriptor.name());
        assertTrue(!descriptor.isAutomatic(), library.jar() + " has no module-info.class");
        Set<String> exported = descriptor.exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(library.exportedPackages, exported);
        assertEquals(List.of(), descriptor.exports().stream().filter(ModuleDescriptor.Exports::isQualified).toList());
    }

    @ParameterizedTest
    @EnumSource(Library.class)
    void holdsTheLicenceAndNothingFromTheBuild(Library library) throws IOException {
        try (JarFile jar = new JarFile(library.jar().toFile())) {
            List<String> unexpected = jar.stream().map(JarEntry::getName)
                    .filter(name -> !ALLOWED_ENTRIES.contains(name)
                            && ALLOWED_TREES.stream().noneMatch(name::startsWith))
                    .toList();
            assertEquals(List.of(), unexpected, "entries of " + library.jar() + " that a consumer should not get");

            JarEntry licence = jar.getJarEntry("META-INF/LICENSE");
            assertTrue(licence != null, library.jar() + " has no META-INF/LICENSE");
            String text = new String(jar.getInputStream(licence).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.contains("Apache License") && text.contains("Version 2.0"), text);
        }
    }
}
