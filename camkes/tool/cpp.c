/* Runs the C preprocessor in a child process and collects its output. */
#include "cpp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CPP_MAX_OUTPUT (256u << 20)

/* argv for the preprocessor (arena memory). */
static char **build_argv(struct camkes_ctx *ctx, const char *path)
{
    const char *cmd = ctx->opt.cpp != NULL && ctx->opt.cpp[0] != '\0' ? ctx->opt.cpp : "cpp";
    size_t max = strlen(cmd) / 2 + 8 + 2 * ctx->n_import_dirs + ctx->opt.n_cpp_args;
    char **argv = arena_alloc(&ctx->arena, max * sizeof(char *));
    size_t n = 0;
    for (const char *s = cmd; *s != '\0';) {
        while (*s == ' ' || *s == '\t')
            s++;
        const char *w = s;
        while (*s != '\0' && *s != ' ' && *s != '\t')
            s++;
        if (s > w) argv[n++] = arena_strndup(&ctx->arena, w, (size_t)(s - w));
    }
    static const char *const fixed[] = {"-undef", "-nostdinc", "-x", "c"};
    for (size_t i = 0; i < 4; i++)
        argv[n++] = (char *)fixed[i];
    for (size_t i = 0; i < ctx->n_import_dirs; i++)
        argv[n++] = arena_printf(&ctx->arena, "-I%s", ctx->import_dirs[i]);
    for (size_t i = 0; i < ctx->opt.n_cpp_args; i++)
        argv[n++] = (char *)ctx->opt.cpp_args[i];
    argv[n++] = (char *)path;
    argv[n] = NULL;
    return argv;
}

static void child(int out_fd, bool quiet, char **argv)
{
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, STDIN_FILENO);
        if (quiet) dup2(null_fd, STDERR_FILENO);
    }
    dup2(out_fd, STDOUT_FILENO);
    execvp(argv[0], argv);
    if (!quiet) fprintf(stderr, "camkes: cannot run '%s': %s\n", argv[0], strerror(errno));
    _exit(127);
}

char *cpp_run(struct camkes_ctx *ctx, const char *path, struct loc where, size_t *len)
{
    char **argv = build_argv(ctx, path);
    int fds[2];
    if (pipe(fds) != 0) {
        diag_error(&ctx->diag, where, "cannot run the preprocessor: %s", strerror(errno));
        return NULL;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        diag_error(&ctx->diag, where, "cannot run the preprocessor: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return NULL;
    }
    if (pid == 0) {
        close(fds[0]);
        child(fds[1], ctx->opt.quiet, argv);
    }
    close(fds[1]);
    char *buf = NULL;
    size_t n = 0, cap = 0;
    bool too_big = false;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, cap);
            if (nb == NULL) {
                fputs("camkes: out of memory\n", stderr);
                abort();
            }
            buf = nb;
        }
        ssize_t r = read(fds[0], buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        n += (size_t)r;
        if (n > CPP_MAX_OUTPUT) {
            too_big = true;
            break;
        }
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (too_big || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (too_big)
            diag_error(&ctx->diag, where, "preprocessor output for '%s' is too large", path);
        else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            diag_error(&ctx->diag, where, "cannot run the preprocessor '%s'", argv[0]);
        else
            diag_error(&ctx->diag, where, "preprocessing '%s' failed", path);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}
