package io.khata.client;

import java.time.Duration;

/**
 * Bounds of an event stream: the largest frame read, the longest pause between reconnections,
 * and how long a connection may stay silent (no event, no keep-alive) before it is dropped and
 * resumed elsewhere in time.
 */
record EventOptions(int frameBytesMax, Duration reconnectDelayMax, Duration idleTimeout) {
}
