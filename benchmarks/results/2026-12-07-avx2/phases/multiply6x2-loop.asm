# FloatMicroKernel.multiply6x2's K loop as C2 compiled it (JDK 25.0.3, Zen 3, 16 vector registers), from
# -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,dev.lanes.kernels.vector.gemm.FloatMicroKernel::multiply6x2
# (the code bytes disassembled with objdump -b binary -mi386:x86-64 -M intel). One step of K: 34 instructions for
# 12 FMAs, 2 loads of B and 6 broadcasts of A; B's offset is reloaded from the stack ([rsp+0x1a4]) every step.
 1e0:  49 63 ea               movsxd rbp,r10d
 1e3:  45 8b ca               mov    r9d,r10d
 1e6:  41 c1 e1 04            shl    r9d,0x4
 1ea:  44 03 8c 24 a4 01 00   add    r9d,DWORD PTR [rsp+0x1a4]
 1f2:  c4 01 7c 10 74 8e 30   vmovups ymm14,YMMWORD PTR [r14+r9*4+0x30]
 1f9:  c4 01 7c 10 7c 8e 10   vmovups ymm15,YMMWORD PTR [r14+r9*4+0x10]
 200:  4d 8b cd               mov    r9,r13
 203:  4c 03 cd               add    r9,rbp
 206:  c4 a2 7d 18 44 8a 10   vbroadcastss ymm0,DWORD PTR [rdx+r9*4+0x10]
 20d:  4d 8d 0c 28            lea    r9,[r8+rbp*1]
 211:  c4 a2 7d 18 4c 8a 10   vbroadcastss ymm1,DWORD PTR [rdx+r9*4+0x10]
 218:  c4 62 05 b8 e8         vfmadd231ps ymm13,ymm15,ymm0
 21d:  c4 62 0d b8 e0         vfmadd231ps ymm12,ymm14,ymm0
 222:  c4 62 05 b8 d9         vfmadd231ps ymm11,ymm15,ymm1
 227:  c4 62 0d b8 c9         vfmadd231ps ymm9,ymm14,ymm1
 22c:  4c 8d 0c 2f            lea    r9,[rdi+rbp*1]
 230:  c4 a2 7d 18 44 8a 10   vbroadcastss ymm0,DWORD PTR [rdx+r9*4+0x10]
 237:  4c 8d 0c 29            lea    r9,[rcx+rbp*1]
 23b:  c4 a2 7d 18 4c 8a 10   vbroadcastss ymm1,DWORD PTR [rdx+r9*4+0x10]
 242:  c4 62 05 b8 d0         vfmadd231ps ymm10,ymm15,ymm0
 247:  c4 e2 0d b8 f8         vfmadd231ps ymm7,ymm14,ymm0
 24c:  c4 62 05 b8 c1         vfmadd231ps ymm8,ymm15,ymm1
 251:  c4 e2 0d b8 f1         vfmadd231ps ymm6,ymm14,ymm1
 256:  4d 8d 0c 2b            lea    r9,[r11+rbp*1]
 25a:  c4 a2 7d 18 44 8a 10   vbroadcastss ymm0,DWORD PTR [rdx+r9*4+0x10]
 261:  4c 8d 0c 2b            lea    r9,[rbx+rbp*1]
 265:  c4 a2 7d 18 4c 8a 10   vbroadcastss ymm1,DWORD PTR [rdx+r9*4+0x10]
 26c:  c4 e2 05 b8 e8         vfmadd231ps ymm5,ymm15,ymm0
 271:  c4 e2 05 b8 d9         vfmadd231ps ymm3,ymm15,ymm1
 276:  c4 e2 0d b8 d1         vfmadd231ps ymm2,ymm14,ymm1
 27b:  c4 e2 0d b8 e0         vfmadd231ps ymm4,ymm14,ymm0
 280:  41 ff c2               inc    r10d
 283:  44 3b d0               cmp    r10d,eax
 286:  0f 8c 54 ff ff ff      jl     0x1e0
