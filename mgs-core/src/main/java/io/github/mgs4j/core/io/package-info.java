/** File formats and crash-safe file writing: safetensors reading/writing and atomic replacement. */
package io.github.mgs4j.core.io;
