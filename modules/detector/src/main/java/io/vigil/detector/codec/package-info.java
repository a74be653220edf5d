/**
 * The compact, versioned binary form of stage state and messages ({@code Codec}): every
 * read checks its bounds, so damaged bytes are a SerializationException, never a crash; and a
 * store kept decoded for state read and written on every record ({@code DecodedStore}).
 */
package io.vigil.detector.codec;
