/**
 * What every role runs on and none owns: TLS contexts for clients and servers
 * ({@link io.vigil.runtime.Tls}), the HTTP endpoint factory ({@link io.vigil.runtime.HttpEndpoints}),
 * a scheduler that survives its task's failures ({@link io.vigil.runtime.Repeated}), a reader of
 * whole topics ({@link io.vigil.runtime.TopicReader}) and percentiles as Vigil states them. Records
 * and their serdes stay in {@code model}; this module holds behaviour, so {@code model} need not.
 */
package io.vigil.runtime;
