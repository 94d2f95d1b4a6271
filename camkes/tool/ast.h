/* Abstract syntax of a CAmkES assembly and everything it imports.
 *
 * One struct ast_spec holds the whole program: the definitions of every imported file
 * (components, procedures, connectors, in the order they were read) and the merged contents
 * of all assembly blocks (instances, connections, configuration settings).  All lists keep
 * source order.  Fields marked "check" are filled in by camkes_check() (check.c): resolved
 * references and evaluated integers, so that a generator can walk a checked spec without
 * looking anything up by name again.  All memory belongs to the context's arena. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

/* A singly linked list with O(1) append; zero-initialised means empty. */
#define AST_LIST(T)                                                                                \
    struct {                                                                                       \
        T *first, *last;                                                                           \
        unsigned count;                                                                            \
    }
#define AST_APPEND(list, node)                                                                     \
    do {                                                                                           \
        if ((list).last != NULL)                                                                   \
            (list).last->next = (node);                                                            \
        else                                                                                       \
            (list).first = (node);                                                                 \
        (list).last = (node);                                                                      \
        (list).count++;                                                                            \
    } while (0)

/* ------------------------------------------------------------------ values */

enum expr_kind { EXPR_INT, EXPR_UNARY, EXPR_BINARY };

/* Integer expression.  op is the operator's enum tok_kind (T_PLUS, T_SHL, ...). */
struct expr {
    enum expr_kind kind;
    struct loc loc; /* the literal, or the operator */
    int op;
    int64_t value;          /* EXPR_INT */
    struct expr *lhs, *rhs; /* EXPR_UNARY uses lhs */
};

enum value_kind {
    VALUE_INT,    /* integer expression */
    VALUE_BOOL,   /* true/false/True/False */
    VALUE_STRING, /* "text" */
    VALUE_RAW,    /* {...} or [...]: list or dictionary, kept as source text */
};

struct ast_value {
    enum value_kind kind;
    struct loc loc;
    struct expr *expr;  /* VALUE_INT */
    int64_t integer;    /* VALUE_INT (check: the expression's value), VALUE_BOOL (0/1) */
    bool evaluated;     /* check: integer is valid (false after an expression error) */
    const char *string; /* VALUE_STRING: decoded text; VALUE_RAW: tokens, blanks squeezed */
};

/* ------------------------------------------------------------------ definitions */

struct ast_include {
    struct ast_include *next;
    const char *path;
    bool angle; /* <path> rather than "path" */
    struct loc loc;
};

struct ast_attribute {
    struct ast_attribute *next;
    const char *type; /* "int", "string", "unsigned int", any identifiers */
    const char *name;
    bool array;             /* name[] */
    struct ast_value *dflt; /* NULL: no default */
    struct loc loc;         /* the name */
};

enum iface_kind { IFACE_PROVIDES, IFACE_USES, IFACE_EMITS, IFACE_CONSUMES, IFACE_DATAPORT };

struct ast_procedure;

struct ast_interface {
    struct ast_interface *next;
    enum iface_kind kind;
    bool maybe;
    const char *type; /* procedure name, event type or dataport type (Buf) */
    const char *name;
    struct loc loc;                        /* the name */
    struct loc type_loc;                   /* the type */
    struct expr *size;                     /* dataport Buf(size); NULL otherwise */
    int64_t size_value;                    /* check: evaluated size (0 when none given) */
    const struct ast_procedure *procedure; /* check: provides/uses */
};

/* has mutex NAME; has semaphore NAME; has binary_semaphore NAME; has copyregion NAME; */
struct ast_has {
    struct ast_has *next;
    const char *kind;
    const char *name;
    struct loc loc;
};

struct ast_component {
    struct ast_component *next;
    const char *name;
    struct loc loc;
    bool control, hardware;
    AST_LIST(struct ast_include) includes;
    AST_LIST(struct ast_interface) interfaces;
    AST_LIST(struct ast_attribute) attributes;
    AST_LIST(struct ast_has) has;
};

enum param_dir { PARAM_IN, PARAM_OUT, PARAM_INOUT, PARAM_REFIN };

struct ast_param {
    struct ast_param *next;
    enum param_dir dir; /* PARAM_IN when not written */
    const char *type;
    const char *name;
    bool array;
    struct loc loc; /* the name */
};

struct ast_method {
    struct ast_method *next;
    const char *ret_type; /* "void", "int", "unsigned int", ... */
    const char *name;
    struct loc loc;
    AST_LIST(struct ast_param) params;
};

struct ast_procedure {
    struct ast_procedure *next;
    const char *name;
    struct loc loc;
    AST_LIST(struct ast_include) includes;
    AST_LIST(struct ast_attribute) attributes;
    AST_LIST(struct ast_method) methods;
};

enum end_kind { END_PROCEDURE, END_EVENT, END_DATAPORT };

/* One side of a connector: `from [Hardware] Procedure(s)|Event(s)|Dataport(s) [with N threads]` */
struct ast_connector_end {
    bool present;
    enum end_kind kind;
    bool multiple; /* plural form: several ends allowed */
    bool hardware; /* the end must belong to a hardware component */
    int threads;   /* `with N threads`; -1 when not given */
    struct loc loc;
};

struct ast_connector {
    struct ast_connector *next;
    const char *name;
    struct loc loc;
    bool builtin; /* from <std_connector.camkes> */
    struct ast_connector_end from, to;
    AST_LIST(struct ast_attribute) attributes;
};

/* ------------------------------------------------------------------ assembly */

struct ast_instance {
    struct ast_instance *next;
    const char *type;
    const char *name;
    struct loc loc;                        /* the name */
    struct loc type_loc;                   /* the type */
    const struct ast_component *component; /* check */
};

struct ast_end {
    struct ast_end *next;
    bool is_from;
    const char *instance;
    const char *interface;
    struct loc loc;                    /* the instance name */
    struct loc iface_loc;              /* the interface name */
    const struct ast_instance *inst;   /* check */
    const struct ast_interface *iface; /* check */
};

struct ast_connection {
    struct ast_connection *next;
    const char *type;
    const char *name;
    struct loc loc;                /* the name */
    struct loc type_loc;           /* the connector type */
    AST_LIST(struct ast_end) ends; /* in source order */
    unsigned n_from, n_to;
    const struct ast_connector *connector; /* check */
};

/* target.attribute = value; */
struct ast_setting {
    struct ast_setting *next;
    const char *target; /* an instance or a connection name */
    const char *attribute;
    struct loc loc;      /* the target */
    struct loc attr_loc; /* the attribute */
    struct ast_value *value;
    const struct ast_instance *instance;     /* check: target is an instance, or */
    const struct ast_connection *connection; /* check: target is a connection */
    const struct ast_attribute *attr;        /* check: the declared attribute, if any */
};

struct ast_import {
    struct ast_import *next;
    const char *name;
    bool angle;
    struct loc loc;
    const char *resolved; /* path read, "<builtin>" name, or NULL when not found */
};

struct ast_spec {
    AST_LIST(struct ast_import) imports;
    AST_LIST(struct ast_component) components;
    AST_LIST(struct ast_procedure) procedures;
    AST_LIST(struct ast_connector) connectors;
    AST_LIST(struct ast_instance) instances;
    AST_LIST(struct ast_connection) connections;
    AST_LIST(struct ast_setting) settings;
    unsigned assemblies; /* assembly blocks seen (their contents are merged) */
};

/* ------------------------------------------------------------------ lookups (ast.c) */

const struct ast_component *ast_find_component(const struct ast_spec *s, const char *name);
const struct ast_procedure *ast_find_procedure(const struct ast_spec *s, const char *name);
const struct ast_connector *ast_find_connector(const struct ast_spec *s, const char *name);
const struct ast_instance *ast_find_instance(const struct ast_spec *s, const char *name);
const struct ast_connection *ast_find_connection(const struct ast_spec *s, const char *name);
const struct ast_interface *ast_find_interface(const struct ast_component *c, const char *name);
const struct ast_attribute *ast_find_attribute(const struct ast_component *c, const char *name);
const struct ast_has *ast_find_has(const struct ast_component *c, const char *name);

const char *ast_iface_kind_name(enum iface_kind k);  /* "provides", "uses", ... */
const char *ast_end_kind_name(enum end_kind k);      /* "procedure", "event", "dataport" */
enum end_kind ast_iface_end_kind(enum iface_kind k); /* provides/uses -> END_PROCEDURE ... */
