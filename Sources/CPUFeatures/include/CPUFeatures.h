#ifndef LANDSCAPE_CPU_FEATURES_H
#define LANDSCAPE_CPU_FEATURES_H

#include <stdbool.h>

/// Whether the CPU and the operating system let this process run AVX2 and FMA instructions:
/// CPUID leaf 1 (FMA, OSXSAVE, AVX) and leaf 7 (AVX2), and XCR0 saving the SSE and AVX state.
/// False on other architectures.
bool landscape_cpu_has_avx2_fma(void);

/// Whether they let it run AVX-512 F, DQ, BW and VL (CPUID leaf 7) with the opmask and upper
/// ZMM state saved (XCR0 bits 5–7), besides AVX2 and FMA. False on other architectures.
bool landscape_cpu_has_avx512(void);

#endif
