package io.khata.client;

import java.time.Duration;

/** Bounds of an event stream: the largest frame read, and the longest pause between reconnections. */
record EventOptions(int frameBytesMax, Duration reconnectDelayMax) {
}
