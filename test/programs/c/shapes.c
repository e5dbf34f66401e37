/* DWARF test program: structs, arrays, pointers (a linked list), enums,
   typedefs, unions, recursion, globals and a static function meant to inline
   at -O1. Line numbers are checked by runtime/dwarf tests; edit with care. */
#include <stdio.h>
#include <stdlib.h>

typedef enum { RED = 1, GREEN = 2, BLUE = 4 } colour_t;

struct point {
  int x;
  int y;
};

typedef struct node {
  int value;
  struct node *next;
} node_t;

union number {
  int i;
  float f;
  unsigned char bytes[4];
};

struct shape {
  const char *name;
  struct point corners[4];
  colour_t colour;
  volatile unsigned flags;
  union number weight;
  int (*area)(const struct shape *);
};

int counter = 7;
static double scale = 1.5;
struct point origin = {3, 4};
int grid[3][5];

static int rect_area(const struct shape *s) {
  int w = s->corners[1].x - s->corners[0].x;
  int h = s->corners[2].y - s->corners[1].y;
  return w * h;
}

static inline int square(int v) {
  return v * v;
}

int factorial(int n) {
  if (n <= 1)
    return 1;
  return n * factorial(n - 1);
}

node_t *push(node_t *head, int value) {
  node_t *n = malloc(sizeof *n);
  n->value = value;
  n->next = head;
  return n;
}

int sum_list(const node_t *head) {
  int total = 0;
  for (const node_t *p = head; p; p = p->next)
    total += square(p->value);
  return total;
}

int main(int argc, char **argv) {
  struct shape box = {"box", {{0, 0}, {4, 0}, {4, 3}, {0, 3}}, GREEN, 0u, {0}, rect_area};
  node_t *list = NULL;
  int i;
  box.weight.f = 2.5f;
  for (i = 0; i < 5; i++)
    list = push(list, i + argc);
  grid[1][2] = sum_list(list);
  counter += factorial(5);
  printf("%s %d %d %d %g\n", box.name, box.area(&box), grid[1][2], counter,
         scale * origin.x);
  (void)argv;
  return 0;
}
