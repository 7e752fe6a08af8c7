/* Strings for `x/s` and `x/c`: quotes, escapes, an ESC byte, UTF-8 (é), an
 * embedded NUL, and a right-to-left override (U+202E) that must not reach
 * the terminal as itself. */
char greeting[] = "hi \"there\"\n\tbye\033\xc3\xa9";
char two[] = "one\0two";
char sneaky[] = "a\xe2\x80\xae" "b";
int main(void) { return greeting[0] == 'h' && two[0] == 'o' && sneaky[0] == 'a' ? 0 : 1; }
