// main -> ns::relay<int> (a function template) -> ns::Box<int>::put (a
// class template's method) -> ns::emit -> write(2), in a namespace; emit
// throws and catches an exception before its write, so that the stack is
// unwound after the C++ runtime's own unwinding (SymbolsTests). Built with
// g++ -g -O0 and -O2. noinline and results used after each call: every
// frame stays on the stack.
#include <cstring>
#include <stdexcept>
#include <unistd.h>

namespace ns {

volatile int sink;

__attribute__((noinline)) void fail(int v) {
    if (v >= 0) throw std::runtime_error("caught");
}

__attribute__((noinline)) int emit(const char *text, int v) {
    try {
        fail(v);
    } catch (const std::exception &e) {
        sink = (int)std::strlen(e.what());
    }
    int n = (int)write(1, text, std::strlen(text));
    sink = n;
    return n + v;
}

template <typename T> struct Box {
    T value;
    __attribute__((noinline)) int put(T v) {
        value = v;
        int n = emit("cxx\n", (int)v);
        sink = n;
        return n + 1;
    }
};

template <typename T> __attribute__((noinline)) int relay(T v) {
    Box<T> box{};
    int n = box.put(v);
    sink = n;
    return n + 2;
}

} // namespace ns

int main() {
    int n = ns::relay<int>(ns::sink + 1);
    return n == 8 ? 0 : 1;
}
