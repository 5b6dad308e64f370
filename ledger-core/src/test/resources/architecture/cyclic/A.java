package io.khata.fixture.a;

import io.khata.fixture.b.B;

class A {
    B b;
}
