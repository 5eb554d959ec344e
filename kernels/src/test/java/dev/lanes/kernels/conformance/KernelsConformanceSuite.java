package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

/**
 * The provider-agnostic conformance suite of Lanes' kernels: what every provider must do, checked against the
 * scalar reference. A provider's author runs it by subclassing, in their own test sources, with the
 * {@code lanes-kernels} test-jar ({@code <classifier>tests</classifier>}) as a test dependency:
 * <pre>{@code
 * class MyProviderConformanceTest extends KernelsConformanceSuite {
 *     @Override
 *     protected Kernels kernelsUnderTest() {
 *         return Kernels.withProvider("my-provider");
 *     }
 * }
 * }</pre>
 * It covers every operation in float and double: agreement with the reference on seeded random inputs of many
 * shapes (sizes around every vector length, 1 and 0), with tolerances derived from the arithmetic (see
 * {@code OpsConformance} and {@code GemmConformance}); the same agreement once the JIT has compiled the code; bad
 * arguments rejected before anything is written; the documented NaN, infinity and overflow behaviour and
 * numerical gradients; the same bits whatever the thread count, also under concurrent callers; and the worked
 * example of the project's seeds. A failure names the provider, the operation, the shape and the case's seed
 * (replay others with {@code -Dlanes.test.seed=N}). The JVM running it needs
 * {@code --add-modules jdk.incubator.vector} only if the provider under test does.
 */
public abstract class KernelsConformanceSuite {

    /** The kernels to check: typically {@code Kernels.withProvider("your-provider")}. */
    protected abstract Kernels kernelsUnderTest();

    private List<Kernels> underTest() {
        return List.of(kernelsUnderTest());
    }

    @TestFactory
    Stream<DynamicNode> everyOperationButGemmAgreesWithTheReference() {
        return new OpsConformance(underTest()).tests();
    }

    @TestFactory
    Stream<DynamicNode> regressionLossesAgreeWithTheReference() {
        return new RegressionLossConformance(underTest()).tests();
    }

    @TestFactory
    Stream<DynamicNode> dropoutAndNormalizationAgreeWithTheReference() {
        return new NormalizationConformance(underTest()).tests();
    }

    @TestFactory
    Stream<DynamicNode> gemmAgreesWithTheReference() {
        return new GemmConformance(underTest()).tests();
    }

    @TestFactory
    Stream<DynamicNode> narrowWeightProductsAgreeWithTheReference() {
        return new NarrowLinearConformance(underTest()).tests();
    }

    @TestFactory
    Stream<DynamicNode> compiledCodeAgreesWithTheReference() {
        return new CompiledCodeConformance(underTest()).tests();
    }

    @TestFactory
    Stream<DynamicNode> badArgumentsAreRejectedBeforeAnythingIsWritten() {
        return new ArgumentConformance(underTest()).tests();
    }

    @TestFactory
    Stream<DynamicNode> numericsAreAsDocumented() {
        return new NumericsConformance(underTest()).tests();
    }

    @TestFactory
    Stream<DynamicNode> sameBitsWhateverTheThreadCount() {
        return new ThreadConformance(underTest()).tests();
    }

    @TestFactory
    Stream<DynamicNode> seed001WorkedExample() {
        return new Seed001Conformance(underTest()).tests();
    }
}
