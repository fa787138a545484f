/* float: an ordinary hard-float C program. glibc for mips-linux-gnu is built
 * for the hard-float o32 ABI, so every double here goes through the FPU
 * (COP1): printf of doubles in all the usual formats, strtod/atof/sscanf of
 * the strings in the input, libm (sqrt exp log pow sin cos atan2 floor ...),
 * conversions between float, double and the integer types, the fenv
 * rounding modes and exception flags, the NaN encoding MIPS uses, and two
 * small computations: summary statistics of the samples in the input and a
 * Runge-Kutta integration of a damped oscillator. Everything printed is also
 * hashed (FNV-1a 64) and committed to fd 3 with the final state of the
 * integration. */
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t out_hash = 0xcbf29ce484222325ull;

/* printf to stdout, hashing the text. */
__attribute__((format(printf, 1, 2))) static void out(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf)
        n = sizeof buf - 1;
    for (int i = 0; i < n; i++)
        out_hash = (out_hash ^ (uint8_t)buf[i]) * 0x100000001b3ull;
    fwrite(buf, 1, (size_t)n, stdout);
}

static uint64_t bits64(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint32_t bits32(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* Values the compiler cannot fold: every operation below happens at run
 * time on the FPU. */
static volatile double v_zero = 0.0, v_one = 1.0, v_three = 3.0, v_two = 2.0;
static volatile double v_big = 1e10, v_neg_big = -1e10, v_third_min = DBL_MIN;
static volatile float vf_tenth = 0.1f, vf_three = 3.0f;

static void formatting(void)
{
    out("== printf\n");
    const double vals[] = {0.0, -0.0, 1.0, -1.5, M_PI, 1e-5, 123456.789, 1e21, 6.02214076e23,
                           DBL_MAX, DBL_MIN, DBL_TRUE_MIN, 0.1, 2.0 / 3.0};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double d = vals[i] * v_one;
        out("%%f %f | %%e %e | %%g %g | %%.17g %.17g | %%a %a\n", d, d, d, d, d);
    }
    double pi = M_PI * v_one;
    out("widths: [%10.3f] [%-12.4e] [%+.0f] [%08.2f] [%.0e] [%#g] [%G] [%.30f]\n", pi, -pi, 2.5 * v_one,
        -pi, 15.0 * v_one, 1.0 * v_one, 1e-10 * v_one, 0.1 * v_one);
    out("rounding to even: %.0f %.0f %.0f %.0f %.1f %.2f\n", 0.5 * v_one, 1.5 * v_one, 2.5 * v_one, -2.5 * v_one,
        0.25 * v_one, 1.005 * v_one);
    double inf = v_one / v_zero;
    out("specials: %f %f %e %g %a\n", inf, -inf, inf, -inf, inf);
}

static void nan_encoding(void)
{
    out("== NaN encoding (MIPS legacy NaN: quiet bit clear)\n");
    double qnan = v_zero / v_zero;
    double root = sqrt(-v_one);
    double inf = v_one / v_zero;
    double diff = inf - inf;
    float fnan = (float)(v_zero / v_zero);
    float fdiv = (float)v_zero / (float)v_zero;
    out("0/0 = %f, bits %016llx\n", qnan, (unsigned long long)bits64(qnan));
    out("sqrt(-1) = %f, bits %016llx\n", root, (unsigned long long)bits64(root));
    out("inf-inf bits %016llx, NAN macro bits %016llx\n", (unsigned long long)bits64(diff),
        (unsigned long long)bits64((double)NAN));
    out("(float)(0/0) bits %08x, 0f/0f bits %08x\n", (unsigned)bits32(fnan), (unsigned)bits32(fdiv));
    out("isnan %d, nan==nan %d, nan!=nan %d, nan<1 %d, isinf %d, signbit(-0.0) %d\n", isnan(qnan), qnan == qnan,
        qnan != qnan, qnan < v_one, isinf(inf), signbit(-v_zero) != 0);
    out("fmax(nan, 1) = %g, fmin(2, nan) = %g, copysign(3, -0.0) = %g\n", fmax(qnan, v_one), fmin(v_two, qnan),
        copysign(v_three, -v_zero));
}

static void parse_token(const char *s)
{
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    int e = errno;
    out("strtod(\"%s\") = %.17g = %a, used %d chars%s; atof %.17g\n", s, d, d, (int)(end - s),
        e == ERANGE ? ", ERANGE" : "", atof(s));
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void statistics(const double *v, size_t n)
{
    out("== statistics of %zu samples\n", n);
    if (n == 0)
        return;
    double sum = 0, min = v[0], max = v[0];
    for (size_t i = 0; i < n; i++) {
        sum += v[i];
        min = fmin(min, v[i]);
        max = fmax(max, v[i]);
    }
    double mean = sum / (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    double sd = sqrt(ss / (double)(n - 1));
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return;
    memcpy(sorted, v, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_value);
    double median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    free(sorted);
    /* Weibull-style moments, just to call pow/log/exp on data. */
    double logsum = 0, cube = 0;
    for (size_t i = 0; i < n; i++) {
        logsum += log(v[i]);
        cube += pow(v[i], 3.0);
    }
    out("sum %.17g\nmean %.17g\nstddev %.17g\nmin %g max %g median %g\n", sum, mean, sd, min, max, median);
    out("geometric mean %.17g, cube-root mean cube %.17g\n", exp(logsum / (double)n), cbrt(cube / (double)n));
}

static void libm(void)
{
    out("== libm\n");
    const double xs[] = {0.5, 1.0, 2.0, 10.0, 0.001, 100.25};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i] * v_one;
        out("x=%g sqrt %.17g exp %.17g log %.17g log10 %.17g pow(x,1.5) %.17g\n", x, sqrt(x), exp(x), log(x),
            log10(x), pow(x, 1.5));
        out("      sin %.17g cos %.17g tan %.17g atan %.17g sinh %.17g\n", sin(x), cos(x), tan(x), atan(x), sinh(x));
    }
    double y = -7.75 * v_one;
    out("floor %g ceil %g trunc %g round %g rint %g fabs %g fmod(y,3) %g remainder(y,3) %g\n", floor(y), ceil(y),
        trunc(y), round(y), rint(y), fabs(y), fmod(y, v_three), remainder(y, v_three));
    out("atan2(1,-1) %.17g hypot(3,4) %.17g pow(2,0.5) %.17g pow(-8,1/3.) %g exp(-745) %a exp(710) %g\n",
        atan2(v_one, -v_one), hypot(v_three, 4 * v_one), pow(v_two, 0.5), pow(-8 * v_one, v_one / v_three),
        exp(-745 * v_one), exp(710 * v_one));
    int ex;
    double m = frexp(1000 * v_one, &ex);
    out("frexp(1000) = %g * 2^%d, ldexp(1,-1074) %a, modf(-3.25) ", m, ex, ldexp(v_one, -1074));
    double ip, fp = modf(-3.25 * v_one, &ip);
    out("%g + %g, nextafter(1,2) %a\n", ip, fp, nextafter(v_one, v_two));
    float f = sqrtf(vf_three) * vf_tenth;
    out("float: sqrtf(3)*0.1f = %.9g (bits %08x), sinf(1) %.9g, expf(1) %.9g\n", (double)f, (unsigned)bits32(f),
        (double)sinf((float)v_one), (double)expf((float)v_one));
}

static void conversions(void)
{
    out("== conversions\n");
    const double ds[] = {3.99, -3.99, 0.5, -0.5, 2147483647.0, -2147483648.0, 4294967295.0, 1e15 + 0.5,
                         9007199254740993.0};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        double d = ds[i] * v_one;
        long long ll = (long long)d;
        out("%.17g -> int %d, long long %lld, float %.9g, lround %ld, llrint %lld\n", d,
            d >= -2147483648.0 && d < 2147483648.0 ? (int)d : 0, ll, (double)(float)d,
            d >= -2147483648.0 && d < 2147483648.0 ? lround(d) : 0L, llrint(d));
    }
    volatile unsigned u = 4000000000u;
    volatile long long big = 9007199254740993ll;
    volatile long long neg = -1234567890123ll;
    volatile int i = -7;
    out("(double)4000000000u %.17g, (double)2^53+1 %.17g, (double)-1234567890123 %.17g, (float)-7 %g\n",
        (double)u, (double)big, (double)neg, (double)(float)i);
    out("(unsigned)3e9 %u, (unsigned long long)1.8e19 %llu, (float)1e40 %g, (float)1e-50 %g\n",
        (unsigned)(3e9 * v_one), (unsigned long long)(1.8e19 * v_one), (double)(float)(1e40 * v_one),
        (double)(float)(1e-50 * v_one));
    /* Out-of-range conversions are undefined in C; gcc emits trunc.w.d and
     * a pre-2008 MIPS FPU answers 2^31-1 for every invalid conversion. */
    out("trunc.w.d of 1e10 %d, of -1e10 %d, of nan %d\n", (int)v_big, (int)v_neg_big, (int)(v_zero / v_zero));
    double tiny = v_third_min / 3;
    out("DBL_MIN/3 = %a (subnormal: %d), *3 = %a, DBL_TRUE_MIN/2 = %a\n", tiny, fpclassify(tiny) == FP_SUBNORMAL,
        tiny * 3, DBL_TRUE_MIN * v_one / 2);
}

static void environment(void)
{
    out("== fenv\n");
    static const struct {
        int mode;
        const char *name;
    } modes[] = {{FE_TONEAREST, "nearest"}, {FE_UPWARD, "upward"}, {FE_DOWNWARD, "downward"},
                 {FE_TOWARDZERO, "toward zero"}};
    for (size_t k = 0; k < 4; k++) {
        fesetround(modes[k].mode);
        volatile double third = v_one / v_three;
        volatile double mthird = -v_one / v_three;
        out("%-11s 1/3 %a  -1/3 %a  rint(2.5) %g rint(-2.5) %g  nearbyint(0.5) %g  get %d\n", modes[k].name, third,
            mthird, rint(2.5 * v_one), rint(-2.5 * v_one), nearbyint(0.5 * v_one), fegetround() == modes[k].mode);
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r = v_one / v_two;
    out("1/2: inexact %d; ", fetestexcept(FE_INEXACT) != 0);
    r = v_one / v_three;
    out("1/3: inexact %d; ", fetestexcept(FE_INEXACT) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = v_one / v_zero;
    out("1/0: divbyzero %d; ", fetestexcept(FE_DIVBYZERO) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = v_zero / v_zero;
    out("0/0: invalid %d; ", fetestexcept(FE_INVALID) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = DBL_MAX * v_two;
    out("DBL_MAX*2: overflow %d; ", fetestexcept(FE_OVERFLOW) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = v_third_min / v_big;
    out("DBL_MIN/1e10: underflow %d\n", fetestexcept(FE_UNDERFLOW) != 0);
    (void)r;
    feclearexcept(FE_ALL_EXCEPT);
}

/* x'' = -k x - c x', integrated with classic RK4. */
struct state {
    double x, v;
};

static struct state deriv(struct state s, double k, double c)
{
    struct state d = {s.v, -k * s.x - c * s.v};
    return d;
}

static struct state oscillator(int steps)
{
    out("== RK4 damped oscillator, %d steps\n", steps);
    const double k = 4.0, c = 0.25, h = 0.01;
    struct state s = {1.0, 0.0};
    double energy0 = 0.5 * (s.v * s.v + k * s.x * s.x);
    for (int i = 1; i <= steps; i++) {
        struct state k1 = deriv(s, k, c);
        struct state a = {s.x + h / 2 * k1.x, s.v + h / 2 * k1.v};
        struct state k2 = deriv(a, k, c);
        struct state b = {s.x + h / 2 * k2.x, s.v + h / 2 * k2.v};
        struct state k3 = deriv(b, k, c);
        struct state e = {s.x + h * k3.x, s.v + h * k3.v};
        struct state k4 = deriv(e, k, c);
        s.x += h / 6 * (k1.x + 2 * k2.x + 2 * k3.x + k4.x);
        s.v += h / 6 * (k1.v + 2 * k2.v + 2 * k3.v + k4.v);
        if (i % 250 == 0)
            out("t=%5.2f x=% .15f v=% .15f\n", i * h, s.x, s.v);
    }
    double energy = 0.5 * (s.v * s.v + k * s.x * s.x);
    /* analytic envelope: energy decays roughly like exp(-c t) */
    out("energy %.17g -> %.17g, ratio %.6f, exp(-c t) %.6f\n", energy0, energy, energy / energy0,
        exp(-c * steps * h));
    return s;
}

static void summation(void)
{
    out("== summation of 0.1 x 1000\n");
    double naive = 0, kahan = 0, comp = 0;
    float single = 0;
    for (int i = 0; i < 1000; i++) {
        double x = 0.1 * v_one;
        naive += x;
        double y = x - comp;
        double t = kahan + y;
        comp = (t - kahan) - y;
        kahan = t;
        single += vf_tenth;
    }
    out("naive %.17g kahan %.17g float %.9g\n", naive, kahan, (double)single);
}

int main(void)
{
    char line[256];
    double samples[256];
    size_t nsamples = 0;
    int section = 0;

    formatting();
    nan_encoding();
    out("== strtod\n");
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (line[0] == '#')
            continue;
        if (line[0] == 0) {
            section++;
            continue;
        }
        if (section == 0) {
            parse_token(line);
            continue;
        }
        int used;
        const char *p = line;
        double d;
        while (nsamples < sizeof samples / sizeof samples[0] && sscanf(p, "%lf%n", &d, &used) == 1) {
            samples[nsamples++] = d;
            p += used;
        }
    }
    statistics(samples, nsamples);
    libm();
    conversions();
    environment();
    summation();
    struct state s = oscillator(1000);

    out("== done\n");
    printf("output hash %016llx\n", (unsigned long long)out_hash);
    fflush(stdout);
    uint8_t pub[24];
    uint64_t words[3] = {out_hash, bits64(s.x), bits64(s.v)};
    for (int w = 0; w < 3; w++)
        for (int b = 0; b < 8; b++)
            pub[8 * w + b] = (uint8_t)(words[w] >> (56 - 8 * b));
    if (write(3, pub, sizeof pub) != (ssize_t)sizeof pub)
        return 1;
    return 0;
}
