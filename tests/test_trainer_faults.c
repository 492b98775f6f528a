/* test_trainer_faults.c — the app's trainer when the Vulkan engine fails (NEURONE_VK_FAULT): it
 * goes on on the CPU engine, the stats carry a notice that says what failed, and the training is
 * the one that a trainer on the CPU does, step for step. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lang.h"
#include "trainer.h"

static trainer_config xor_config(const char *backend)
{
    trainer_config c = { .dataset = "xor", .hidden = 1, .units = { 4 }, .activation = "tanh",
                         .optimizer = "adam", .learning_rate = 0.01f, .batch_size = 10,
                         .epochs = 3, .seed = 1 };
    snprintf(c.backend, sizeof c.backend, "%s", backend);
    return c;
}

/* Runs `steps` batches; the stats at the end. */
static trainer_stats run(const char *backend, const char *fault, long steps)
{
    trainer_stats st = { 0 };
    if (fault)
        setenv("NEURONE_VK_FAULT", fault, 1);
    trainer_config c = xor_config(backend);
    trainer *t = trainer_create(&c);
    CHECK(t != NULL, "expected a trainer");
    if (!t)
        return st;
    CHECK(trainer_run_steps(t, steps, 120) == 0, "%s: expected %ld steps", fault ? fault : backend,
          steps);
    trainer_poll(t, &st);
    trainer_free(t);
    unsetenv("NEURONE_VK_FAULT");
    return st;
}

static void check_fault(const char *fault, const char *needle, const trainer_stats *cpu, long steps)
{
    trainer_stats st = run("vulkan", fault, steps);
    CHECK(st.state == TRAINER_PAUSED && st.steps == steps, "%s: expected paused after %ld steps, "
          "got state %d after %ld: %s", fault, steps, st.state, st.steps, st.error);
    CHECK(strstr(st.notice, needle) && strstr(st.notice, "CPU engine took over"), "%s: expected a "
          "notice with \"%s\" and \"CPU engine took over\", got \"%s\"", fault, needle, st.notice);
    char label[96];
    snprintf(label, sizeof label, "%s: the running loss against the CPU trainer's", fault);
    CHECK_NEAR(st.loss, cpu->loss, 1e-6, 1e-3, label);
    CHECK(st.samples == cpu->samples, "%s: expected %ld samples seen, as on the CPU, got %ld", fault,
          cpu->samples, st.samples);
}

int main(void)
{
    lang_set(LANG_EN); /* the notices are checked in English */
    const long steps = 25; /* xor: 10 batches an epoch, so the third epoch's middle */
    trainer_stats cpu = run("cpu", NULL, steps);
    CHECK(cpu.notice[0] == 0, "the CPU trainer: expected no notice, got \"%s\"", cpu.notice);
    check_fault("no-loader", "no Vulkan loader", &cpu, steps);
    check_fault("no-device", "no Vulkan device", &cpu, steps);
    check_fault("oom", "out of device memory", &cpu, steps);
    check_fault("device-lost", "was lost", &cpu, steps);
    check_fault("device-lost:13", "was lost", &cpu, steps);
    /* without a fault no notice */
    trainer_stats ok = run("vulkan", NULL, 3);
    CHECK(ok.state == TRAINER_PAUSED && ok.notice[0] == 0, "vulkan without a fault: expected no "
          "notice, got state %d, \"%s\" %s", ok.state, ok.notice, ok.error);
    /* and in French */
    lang_set(LANG_FR);
    trainer_stats fr = run("vulkan", "no-loader", 2);
    CHECK(strstr(fr.notice, "le moteur CPU a pris le relais"), "expected the French notice, got "
          "\"%s\"", fr.notice);
    return failures != 0;
}
