/* Runs x86 instructions on the host CPU for the differential tests.
 *
 * Shared by the 64-bit test process (which forks a child to run a batch) and
 * the 32-bit helper program cpu-diff-native32 (built with gcc -m32). Written
 * in the common subset of C and C++ so that both can include it.
 *
 * A batch is an array of cases in shared memory. For each case the runner
 * builds a stub at a fixed address: a prologue that loads the x87/SSE state
 * (FXRSTOR), RFLAGS and every general register from a control page, NOP
 * padding, the instruction bytes (always ending at NX_CODE_END, so the
 * emulator's trap address is the same for every case), and an epilogue that
 * stores the registers, RFLAGS and FXSAVE state back. When the batch asks
 * for it (host with AVX), the prologue also loads bits 255:128 of every
 * YMM register (VINSERTF128) and the epilogue stores them (VEXTRACTF128),
 * so VEX instructions and the preservation of the upper halves by legacy
 * SSE instructions are compared too. A fault inside the
 * instruction arrives as a signal and is recorded instead of ending the batch.
 * All addresses are fixed and below 2 GiB so that both modes (and the
 * emulator) see the memory operands at identical addresses.
 */
#ifndef EMU_TESTS_CPU_NATIVE_EXEC_H
#define EMU_TESTS_CPU_NATIVE_EXEC_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NX_CTRL 0x30000000u       /* control page: register block used by the stub */
#define NX_MEM 0x30010000u        /* data window (memory operands and the stack) */
#define NX_MEM_SIZE 0x1000u       /* the whole data page is compared after each case */
#define NX_CODE 0x30020000u       /* stub page (RWX) */
#define NX_CODE_END (NX_CODE + 0x200u) /* the case's code ends here */
#define NX_CODE_MAX 64u

/* Control page layout. */
#define NX_OFF_GPR 0x000u    /* 16 x u64 */
#define NX_OFF_FLAGS 0x080u  /* u64 in, then out */
#define NX_OFF_HOSTSP 0x088u /* host stack pointer saved by the prologue */
#define NX_OFF_FX_IN 0x100u  /* 512-byte FXSAVE image loaded before the code */
#define NX_OFF_FX_OUT 0x300u /* 512-byte FXSAVE image stored after the code */
#define NX_OFF_YMMH_IN 0x500u  /* 16 x 16 bytes: bits 255:128 of YMM0-15, loaded before */
#define NX_OFF_YMMH_OUT 0x600u /* ... and stored after the code */
#define NX_SCRATCH_TOP 0xF00u /* small stack for the epilogue's pushf */

/* FXSAVE image offsets. */
#define NX_FX_FCW 0
#define NX_FX_FSW 2
#define NX_FX_FTW 4
#define NX_FX_MXCSR 24
#define NX_FX_ST 32
#define NX_FX_XMM 160

typedef struct nx_state {
  uint64_t gpr[16];
  uint64_t rflags;
  uint64_t reserved;
  uint8_t fx[512];
  uint8_t ymmh[256]; /* bits 255:128 of YMM0-15 (used when nx_batch.ymm is set) */
  uint8_t mem[NX_MEM_SIZE];
} nx_state;

typedef struct nx_case {
  uint8_t code[NX_CODE_MAX];
  uint32_t code_len;
  int32_t signal; /* 0: ran to the end; else the signal the instruction raised */
  nx_state in;
  nx_state out;
} nx_case;

typedef struct nx_batch {
  uint32_t count;
  uint32_t completed; /* cases finished; on a crash, cases[completed] is the culprit */
  uint32_t mode64;
  uint32_t ymm; /* nonzero: load and store the YMM upper halves (host has AVX) */
} nx_batch; /* followed by `count` nx_case records */

/* Identical layout in both modes is what lets one buffer serve both. */
typedef char nx_state_size_check[sizeof(nx_state) == 5008 ? 1 : -1];
typedef char nx_case_size_check[sizeof(nx_case) == 10088 ? 1 : -1];

static inline nx_case* nx_cases(nx_batch* b) { return (nx_case*)((char*)b + sizeof(nx_batch)); }
static inline size_t nx_batch_bytes(uint32_t count) {
  return sizeof(nx_batch) + (size_t)count * sizeof(nx_case);
}

/* ---- stub builder ----------------------------------------------------- */

static inline uint8_t* nx_put(uint8_t* p, const char* bytes, size_t n) {
  memcpy(p, bytes, n);
  return p + n;
}
static inline uint8_t* nx_u32(uint8_t* p, uint32_t v) {
  memcpy(p, &v, 4);
  return p + 4;
}
/* ModRM/SIB for an absolute [disp32] operand with register field r. */
static inline uint8_t* nx_abs(uint8_t* p, int mode64, int r, uint32_t addr) {
  if (mode64) {
    *p++ = (uint8_t)(0x04 | ((r & 7) << 3));
    *p++ = 0x25;
  } else {
    *p++ = (uint8_t)(0x05 | ((r & 7) << 3));
  }
  return nx_u32(p, addr);
}
/* mov reg, [abs] (load=1) or mov [abs], reg (load=0), full register width. */
static inline uint8_t* nx_mov_abs(uint8_t* p, int mode64, int reg, uint32_t addr, int load) {
  if (mode64) *p++ = (uint8_t)(0x48 | (reg >= 8 ? 4 : 0));
  *p++ = load ? 0x8B : 0x89;
  return nx_abs(p, mode64, reg, addr);
}

/* VINSERTF128 ymm_r, ymm_r, [addr], 1 (load=1) or VEXTRACTF128 [addr], ymm_r, 1
 * (load=0), three-byte VEX (map 0F3A, 66, L=1, W0). */
static inline uint8_t* nx_ymm_half(uint8_t* p, int mode64, int r, uint32_t addr, int load) {
  *p++ = 0xC4;
  *p++ = (uint8_t)((r >= 8 ? 0x00 : 0x80) | 0x60 | 0x03);
  *p++ = (uint8_t)(((load ? (~r & 15) : 15) << 3) | 0x04 | 0x01);
  *p++ = load ? 0x18 : 0x19;
  p = nx_abs(p, mode64, r, addr);
  *p++ = 1;
  return p;
}

/* Writes the whole stub to `out` (at least NX_CODE_END - NX_CODE + 512 bytes). */
static inline void nx_build_stub(uint8_t* out, const uint8_t* code, uint32_t len, int mode64, int ymm) {
  uint8_t* p = out;
  int nregs = mode64 ? 16 : 8;
  int r;
  if (mode64) {
    p = nx_put(p, "\x53\x55\x41\x54\x41\x55\x41\x56\x41\x57", 10); /* push rbx rbp r12-r15 */
  } else {
    p = nx_put(p, "\x53\x55\x56\x57", 4); /* push ebx ebp esi edi */
  }
  p = nx_mov_abs(p, mode64, 4, NX_CTRL + NX_OFF_HOSTSP, 0); /* save host sp */
  p = nx_put(p, "\x0F\xAE", 2);                              /* fxrstor [FX_IN] */
  p = nx_abs(p, mode64, 1, NX_CTRL + NX_OFF_FX_IN);
  *p++ = 0xFF; /* push [FLAGS] ; popf */
  p = nx_abs(p, mode64, 6, NX_CTRL + NX_OFF_FLAGS);
  *p++ = 0x9D;
  if (ymm)
    for (r = 0; r < nregs; ++r) p = nx_ymm_half(p, mode64, r, NX_CTRL + NX_OFF_YMMH_IN + 16 * r, 1);
  for (r = 0; r < nregs; ++r) p = nx_mov_abs(p, mode64, r, NX_CTRL + NX_OFF_GPR + 8 * r, 1);
  while (p < out + (NX_CODE_END - NX_CODE) - len) *p++ = 0x90;
  memcpy(p, code, len);
  p += len;
  for (r = 0; r < nregs; ++r) p = nx_mov_abs(p, mode64, r, NX_CTRL + NX_OFF_GPR + 8 * r, 0);
  if (ymm)
    for (r = 0; r < nregs; ++r) p = nx_ymm_half(p, mode64, r, NX_CTRL + NX_OFF_YMMH_OUT + 16 * r, 0);
  if (mode64) *p++ = 0x48; /* mov rsp, imm32 */
  if (mode64) {
    *p++ = 0xC7;
    *p++ = 0xC4;
  } else {
    *p++ = 0xBC;
  }
  p = nx_u32(p, NX_CTRL + NX_SCRATCH_TOP);
  *p++ = 0x9C; /* pushf ; pop [FLAGS] */
  *p++ = 0x8F;
  p = nx_abs(p, mode64, 0, NX_CTRL + NX_OFF_FLAGS);
  p = nx_put(p, "\x0F\xAE", 2); /* fxsave [FX_OUT] */
  p = nx_abs(p, mode64, 0, NX_CTRL + NX_OFF_FX_OUT);
  p = nx_mov_abs(p, mode64, 4, NX_CTRL + NX_OFF_HOSTSP, 1);
  *p++ = 0xFC; /* cld */
  if (mode64) {
    p = nx_put(p, "\x41\x5F\x41\x5E\x41\x5D\x41\x5C\x5D\x5B\xC3", 11);
  } else {
    p = nx_put(p, "\x5F\x5E\x5D\x5B\xC3", 5);
  }
}

/* ---- runner (executes in a disposable process) ------------------------ */

static sigjmp_buf nx_jump;
static volatile sig_atomic_t nx_last_signal;

static void nx_on_signal(int sig) {
  nx_last_signal = sig;
  siglongjmp(nx_jump, 1);
}

/* Maps the fixed pages and installs the fault handlers. 0 on success. */
static inline int nx_setup(void) {
  static uint8_t altstack[65536];
  stack_t ss;
  struct sigaction sa;
  int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  unsigned i;
  if (mmap((void*)(uintptr_t)NX_CTRL, 0x1000, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void*)(uintptr_t)NX_CTRL)
    return -1;
  if (mmap((void*)(uintptr_t)NX_MEM, 0x1000, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void*)(uintptr_t)NX_MEM)
    return -2;
  if (mmap((void*)(uintptr_t)NX_CODE, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void*)(uintptr_t)NX_CODE)
    return -3;
  ss.ss_sp = altstack;
  ss.ss_size = sizeof altstack;
  ss.ss_flags = 0;
  if (sigaltstack(&ss, 0) != 0) return -4;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = nx_on_signal;
  sa.sa_flags = SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) sigaction(sigs[i], &sa, 0);
  return 0;
}

/* One case; kept separate so nothing live across sigsetjmp is modified. */
static void nx_run_one(nx_case* c, int mode64, int ymm) {
  uint8_t* ctrl = (uint8_t*)(uintptr_t)NX_CTRL;
  nx_build_stub((uint8_t*)(uintptr_t)NX_CODE, c->code, c->code_len, mode64, ymm);
  memcpy(ctrl + NX_OFF_YMMH_IN, c->in.ymmh, sizeof c->in.ymmh);
  memcpy(ctrl + NX_OFF_GPR, c->in.gpr, sizeof c->in.gpr);
  memcpy(ctrl + NX_OFF_FLAGS, &c->in.rflags, 8);
  memcpy(ctrl + NX_OFF_FX_IN, c->in.fx, 512);
  memcpy((void*)(uintptr_t)NX_MEM, c->in.mem, NX_MEM_SIZE);
  if (sigsetjmp(nx_jump, 1) == 0) {
    ((void (*)(void))(uintptr_t)NX_CODE)();
    c->signal = 0;
    memcpy(c->out.gpr, ctrl + NX_OFF_GPR, sizeof c->out.gpr);
    memcpy(&c->out.rflags, ctrl + NX_OFF_FLAGS, 8);
    memcpy(c->out.fx, ctrl + NX_OFF_FX_OUT, 512);
    if (ymm) memcpy(c->out.ymmh, ctrl + NX_OFF_YMMH_OUT, sizeof c->out.ymmh);
    memcpy(c->out.mem, (void*)(uintptr_t)NX_MEM, NX_MEM_SIZE);
  } else {
    c->signal = nx_last_signal;
  }
}

static inline void nx_run_batch(nx_batch* b) {
  uint32_t i;
  for (i = b->completed; i < b->count; ++i) {
    nx_run_one(&nx_cases(b)[i], b->mode64 != 0, b->ymm != 0);
    b->completed = i + 1;
  }
}

#endif
