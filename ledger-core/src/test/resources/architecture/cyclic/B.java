package io.khata.fixture.b;

/** A link in a comment, {@link io.khata.fixture.c.C}, is not a use. */
class B {
    io.khata.fixture.a.A a;
}
