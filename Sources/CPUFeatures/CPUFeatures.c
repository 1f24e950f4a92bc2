// Swift cannot execute CPUID or XGETBV; this file is compiled without instruction-set flags, so
// it runs on any x86-64 and can say what the CPU has before any kernel compiled for more runs.
#include "CPUFeatures.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <stdint.h>

/// The extended control register XCR0: which register states the operating system saves.
static uint64_t xcr0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

bool landscape_cpu_has_avx2_fma(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
    const bool fma = ecx & (1u << 12), osxsave = ecx & (1u << 27), avx = ecx & (1u << 28);
    if (!(fma && osxsave && avx) || (xcr0() & 0x6) != 0x6) return false;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    return ebx & (1u << 5);
}

bool landscape_cpu_has_avx512(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!landscape_cpu_has_avx2_fma() || (xcr0() & 0xe6) != 0xe6) return false;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    const unsigned int needed = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);  // F, DQ, BW, VL
    return (ebx & needed) == needed;
}

#else

bool landscape_cpu_has_avx2_fma(void) { return false; }
bool landscape_cpu_has_avx512(void) { return false; }

#endif
