package io.khata.fixture.c;

class C {
    // io.khata.fixture.a.A in a comment is not a use either
}
