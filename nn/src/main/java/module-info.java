/**
 * Lanes nn: fully-connected networks on the Lanes kernels. Only the API packages are exported; kernel plumbing
 * stays in non-exported packages.
 */
module dev.lanes.nn {
    // Transitive: nn's API names kernels' types (Kernels, Transpose), so a consumer reads them without asking.
    requires transitive dev.lanes.kernels;
    // The safetensors header is JSON. Declared here so that the module path resolves Jackson for the consumer.
    requires com.fasterxml.jackson.core;
    // The data sets' downloader fetches them over HTTP(S).
    requires java.net.http;
    // Tables are read with FastCSV.
    requires de.siegmar.fastcsv;

    exports dev.lanes.nn;
    exports dev.lanes.nn.check;
    exports dev.lanes.nn.data;
    exports dev.lanes.nn.datasets;
    exports dev.lanes.nn.init;
    exports dev.lanes.nn.io;
    exports dev.lanes.nn.layers;
    exports dev.lanes.nn.metrics;
    exports dev.lanes.nn.loss;
    exports dev.lanes.nn.optim;
    exports dev.lanes.nn.quant;
    exports dev.lanes.nn.tabular;
    exports dev.lanes.nn.train;
}
