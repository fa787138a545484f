/*
 * memory.c — the process's address space: mappings (brk, mmap, munmap, mprotect, mremap,
 * madvise) and checked access to user memory.
 *
 * Memory itself is flat (every word exists; what a proof claims). The kernel keeps the map a
 * Linux process would have, answers with Linux's errors from it, and tells the host each
 * change (map hint) so `execute` can fault on stray accesses. Linux hands out new anonymous
 * memory zero-filled; here memory keeps whatever was stored, so the kernel zeroes what it
 * hands out — but only pages that may hold data: the `dirty` set, which starts as the
 * program's image and grows with every range that becomes writable. A page outside it has
 * never been written since the program began, so it is zero already.
 */
#include "kernel.h"
#include "primitives.h"

#define MAX_REGIONS 4096 /* mappings (Linux allows 65530) */
#define MAX_DIRTY 512

#define MAP_FIXED 0x10u
#define MAP_ANONYMOUS 0x800u /* MIPS */
#define MAP_FIXED_NOREPLACE 0x100000u
#define MREMAP_MAYMOVE 1u
#define MREMAP_FIXED 2u
#define MADV_DONTNEED 4u

struct region {
    u32 start;
    u32 end;
    u32 prot;
    u32 kind;
};

struct range {
    u32 start;
    u32 end;
};

/* Sorted, disjoint, page aligned. */
static struct region regions[MAX_REGIONS];
static u32 region_count;
static struct range dirty[MAX_DIRTY];
static u32 dirty_count;
static u32 break_start, break_current, break_limit;

/* ---------------------------------------------------------------- ranges */

static void range_insert(struct range *list, u32 *count, u32 capacity, u32 start, u32 end)
{
    if (start >= end)
        return;
    /* Merge every range that overlaps or touches [start, end). */
    u32 out = 0;
    u32 i = 0;
    struct range merged = {start, end};
    while (i < *count && list[i].end < merged.start)
        list[out++] = list[i++];
    while (i < *count && list[i].start <= merged.end) {
        if (list[i].start < merged.start)
            merged.start = list[i].start;
        if (list[i].end > merged.end)
            merged.end = list[i].end;
        i++;
    }
    u32 rest = *count - i;
    if (out + 1 + rest > capacity) {
        /* Full (so nothing merged): widen a neighbour over the new range instead. A larger
           dirty set only costs extra zeroing. */
        if (out > 0)
            list[out - 1].end = merged.end;
        else
            list[0].start = merged.start;
        return;
    }
    memmove(&list[out + 1], &list[i], rest * sizeof(struct range));
    list[out] = merged;
    *count = out + 1 + rest;
}

/* Zeroes the pages of [start, end) that may hold data and forgets them. */
static void zero_dirty(u32 start, u32 end)
{
    u32 i = 0;
    while (i < dirty_count) {
        struct range *r = &dirty[i];
        if (r->end <= start || r->start >= end) {
            i++;
            continue;
        }
        u32 from = r->start > start ? r->start : start;
        u32 to = r->end < end ? r->end : end;
        memset((void *)from, 0, to - from);
        if (r->start < from && r->end > to) { /* split */
            struct range tail = {to, r->end};
            r->end = from;
            range_insert(dirty, &dirty_count, MAX_DIRTY, tail.start, tail.end);
            return;
        }
        if (r->start < from) {
            r->end = from;
            i++;
        } else if (r->end > to) {
            r->start = to;
            i++;
        } else {
            memmove(r, r + 1, (dirty_count - i - 1) * sizeof(struct range));
            dirty_count--;
        }
    }
}

/* ---------------------------------------------------------------- regions */

static int region_index(u32 address)
{
    u32 low = 0, high = region_count;
    while (low < high) {
        u32 mid = (low + high) / 2;
        if (regions[mid].end <= address)
            low = mid + 1;
        else
            high = mid;
    }
    return low < region_count && regions[low].start <= address ? (int)low : -1;
}

static int range_is_free(u32 start, u32 end)
{
    for (u32 i = 0; i < region_count; i++)
        if (regions[i].start < end && start < regions[i].end)
            return 0;
    return 1;
}

/* Unmaps [start, end), splitting a region that straddles it; -ENOMEM if a split would need
   more regions than the table holds (Linux's limit is vm.max_map_count). */
static int regions_remove(u32 start, u32 end)
{
    u32 i = 0;
    while (i < region_count && regions[i].end <= start)
        i++;
    while (i < region_count && regions[i].start < end) {
        struct region *r = &regions[i];
        if (r->start < start && r->end > end) { /* the hole is inside: split */
            if (region_count == MAX_REGIONS)
                return -ENOMEM;
            memmove(&regions[i + 1], &regions[i], (region_count - i) * sizeof(struct region));
            region_count++;
            regions[i].end = start;
            regions[i + 1].start = end;
            return 0;
        }
        if (r->start < start) {
            r->end = start;
            i++;
        } else if (r->end > end) {
            r->start = end;
            return 0;
        } else {
            memmove(r, r + 1, (region_count - i - 1) * sizeof(struct region));
            region_count--;
        }
    }
    return 0;
}

/* Maps [start, end) with `prot`, replacing what was there; merges equal neighbours. */
static int regions_add(u32 start, u32 end, u32 prot, u32 kind)
{
    if (regions_remove(start, end) || region_count == MAX_REGIONS)
        return -ENOMEM;
    u32 i = 0;
    while (i < region_count && regions[i].start < start)
        i++;
    memmove(&regions[i + 1], &regions[i], (region_count - i) * sizeof(struct region));
    regions[i] = (struct region){start, end, prot, kind};
    region_count++;
    /* Merge with neighbours of the same protection and kind. */
    if (i + 1 < region_count && regions[i + 1].start == end && regions[i + 1].prot == prot && regions[i + 1].kind == kind) {
        regions[i].end = regions[i + 1].end;
        memmove(&regions[i + 1], &regions[i + 2], (region_count - i - 2) * sizeof(struct region));
        region_count--;
    }
    if (i > 0 && regions[i - 1].end == start && regions[i - 1].prot == prot && regions[i - 1].kind == kind) {
        regions[i - 1].end = regions[i].end;
        memmove(&regions[i], &regions[i + 1], (region_count - i - 1) * sizeof(struct region));
        region_count--;
    }
    return 0;
}

/* The highest `size`-byte free range ending at or below `top` and starting at or above `floor`. */
static u32 find_free_top_down(u32 size, u32 top, u32 floor)
{
    u32 end = top;
    for (int i = (int)region_count - 1; i >= 0; i--) {
        const struct region *r = &regions[i];
        if (r->start >= end)
            continue;
        if (r->end <= end && end - r->end >= size)
            break;
        end = r->start < end ? r->start : end;
    }
    if (end < size || end - size < floor)
        return 0;
    return end - size;
}

/* Maps and tells the host; zeroes what may hold data; remembers writable ranges as dirty. */
static int map_fresh(u32 start, u32 end, u32 prot, u32 kind)
{
    int error = regions_add(start, end, prot, kind);
    if (error)
        return error;
    primitive_map_hint(start, end - start, prot, kind);
    zero_dirty(start, end);
    if (prot & PROT_WRITE)
        range_insert(dirty, &dirty_count, MAX_DIRTY, start, end);
    return 0;
}

static int unmap(u32 start, u32 end)
{
    int error = regions_remove(start, end);
    if (!error)
        primitive_map_hint(start, end - start, MAP_HINT_UNMAP, 0);
    return error;
}

void memory_init(void)
{
    for (u32 i = 0; i < zk_boot.region_count && i < BOOT_MAX_REGIONS; i++) {
        const struct boot_region *r = &zk_boot.regions[i];
        regions_add(r->start, r->end, r->prot, r->kind);
        range_insert(dirty, &dirty_count, MAX_DIRTY, r->start, r->end);
    }
    break_start = break_current = zk_boot.break_start;
    break_limit = zk_boot.break_limit;
}

/* ---------------------------------------------------------------- user access */

int user_range_ok(u32 address, u32 length, u32 prot)
{
    if (length == 0)
        return 1;
    if (address < zk_boot.null_guard_end || address + length < address || address + length > zk_boot.user_end)
        return 0;
    u32 end = address + length;
    while (address < end) {
        int i = region_index(address);
        if (i < 0)
            return 0;
        u32 has = regions[i].prot;
        if (has & PROT_EXEC)
            has |= PROT_READ;
        if ((has & prot) != prot)
            return 0;
        address = regions[i].end;
        if (address == 0)
            break;
    }
    return 1;
}

int copy_from_user(void *dst, u32 src, u32 length)
{
    if (!user_range_ok(src, length, PROT_READ))
        return -EFAULT;
    memcpy(dst, (const void *)src, length);
    return 0;
}

int copy_to_user(u32 dst, const void *src, u32 length)
{
    if (!user_range_ok(dst, length, PROT_WRITE))
        return -EFAULT;
    memcpy((void *)dst, src, length);
    return 0;
}

int read_user_word(u32 address, u32 *value)
{
    if ((address & 3) || !user_range_ok(address, 4, PROT_READ))
        return -EFAULT;
    *value = *(volatile u32 *)address;
    return 0;
}

int write_user_word(u32 address, u32 value)
{
    if ((address & 3) || !user_range_ok(address, 4, PROT_WRITE))
        return -EFAULT;
    *(volatile u32 *)address = value;
    return 0;
}

int copy_string_from_user(char *dst, u32 src, u32 limit)
{
    for (u32 i = 0; i < limit; i++) {
        if (!user_range_ok(src + i, 1, PROT_READ))
            return -EFAULT;
        dst[i] = *(volatile const char *)(src + i);
        if (dst[i] == 0)
            return (int)i;
    }
    return -ENAMETOOLONG;
}

/* For the FPU emulator: a user access as the CPU would make it, with the signal it would get. */
static int user_word_fault(u32 address, u32 prot, struct fault *fault)
{
    if (address & 3) {
        *fault = (struct fault){SIGBUS, BUS_ADRALN, address};
        return -1;
    }
    if (address < zk_boot.null_guard_end || region_index(address) < 0) {
        *fault = (struct fault){SIGSEGV, SEGV_MAPERR, address};
        return -1;
    }
    if (!user_range_ok(address, 4, prot)) {
        *fault = (struct fault){SIGSEGV, SEGV_ACCERR, address};
        return -1;
    }
    return 0;
}

int user_load_word(u32 address, u32 *value, struct fault *fault)
{
    if (user_word_fault(address, PROT_READ, fault))
        return -1;
    *value = *(volatile u32 *)address;
    return 0;
}

int user_store_word(u32 address, u32 value, struct fault *fault)
{
    if (user_word_fault(address, PROT_WRITE, fault))
        return -1;
    *(volatile u32 *)address = value;
    return 0;
}

/* ---------------------------------------------------------------- syscalls */

/* brk(address): grows or shrinks the heap within [break_start, break_limit]; any other request
   (0 included) returns the current break, as Linux does. */
i32 sys_brk(struct syscall_args *a)
{
    u32 requested = a->a[0];
    if (requested < break_start || requested > break_limit)
        return (i32)break_current;
    u32 old_end = page_round_up(break_current), new_end = page_round_up(requested);
    if (new_end > old_end) {
        if (!range_is_free(old_end, new_end))
            return (i32)break_current;
        if (map_fresh(old_end, new_end, PROT_READ | PROT_WRITE, REGION_HEAP))
            return (i32)break_current;
    } else if (new_end < old_end && unmap(new_end, old_end)) {
        return (i32)break_current;
    }
    break_current = requested;
    return (i32)requested;
}

static i32 do_mmap(u32 hint, u32 length, u32 prot, u32 flags)
{
    if (length == 0)
        return -EINVAL;
    if (!(flags & MAP_ANONYMOUS))
        return -ENODEV; /* no files to map */
    if (length > 0xfffff000u)
        return -ENOMEM;
    u32 size = page_round_up(length);
    u32 start;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (hint & PAGE_MASK)
            return -EINVAL;
        if (hint < zk_boot.null_guard_end)
            return -EPERM; /* below mmap_min_addr */
        if (hint + size < hint || hint + size > zk_boot.user_end)
            return -ENOMEM;
        if ((flags & MAP_FIXED_NOREPLACE) && !range_is_free(hint, hint + size))
            return -EEXIST;
        start = hint;
    } else if (hint != 0 && !(hint & PAGE_MASK) && hint >= zk_boot.null_guard_end && hint + size > hint &&
               hint + size <= zk_boot.user_end && range_is_free(hint, hint + size)) {
        start = hint;
    } else {
        start = find_free_top_down(size, zk_boot.mmap_top, zk_boot.mmap_floor);
        if (start == 0)
            return -ENOMEM;
    }
    int error = map_fresh(start, start + size, prot & 7, REGION_MMAP);
    return error ? error : (i32)start;
}

i32 sys_mmap(struct syscall_args *a)
{
    u32 offset;
    if (stack_argument(1, &offset))
        return -EFAULT;
    if (offset & PAGE_MASK)
        return -EINVAL;
    return do_mmap(a->a[0], a->a[1], a->a[2], a->a[3]);
}

i32 sys_mmap2(struct syscall_args *a)
{
    u32 offset;
    if (stack_argument(1, &offset))
        return -EFAULT;
    return do_mmap(a->a[0], a->a[1], a->a[2], a->a[3]);
}

i32 sys_munmap(struct syscall_args *a)
{
    u32 start = a->a[0], length = a->a[1];
    if ((start & PAGE_MASK) || length == 0 || length > 0xfffff000u)
        return -EINVAL;
    u32 end = start + page_round_up(length);
    if (end < start || end > zk_boot.user_end)
        return -EINVAL;
    return unmap(start, end);
}

i32 sys_mprotect(struct syscall_args *a)
{
    u32 start = a->a[0], length = a->a[1], prot = a->a[2] & 7;
    if (start & PAGE_MASK)
        return -EINVAL;
    if (length == 0)
        return 0;
    u32 end = start + page_round_up(length);
    if (end <= start)
        return -ENOMEM;
    for (u32 address = start; address < end;) { /* every page must be mapped */
        int i = region_index(address);
        if (i < 0)
            return -ENOMEM;
        address = regions[i].end;
    }
    /* Re-map piece by piece, keeping each piece's kind. */
    for (u32 address = start; address < end;) {
        int i = region_index(address);
        u32 piece_end = regions[i].end < end ? regions[i].end : end;
        u32 kind = regions[i].kind;
        if (regions_add(address, piece_end, prot, kind))
            return -ENOMEM; /* Linux too may leave a partly changed range on ENOMEM */
        primitive_map_hint(address, piece_end - address, prot, kind);
        address = piece_end;
    }
    if (prot & PROT_WRITE)
        range_insert(dirty, &dirty_count, MAX_DIRTY, start, end);
    return 0;
}

/* mremap(old, old_size, new_size, flags, new_address): shrinks in place, grows in place when the
   pages after are free, or moves (copying the contents) with MREMAP_MAYMOVE. */
i32 sys_mremap(struct syscall_args *a)
{
    u32 old = a->a[0], old_size = page_round_up(a->a[1]), new_size = page_round_up(a->a[2]), flags = a->a[3];
    u32 target = 0;
    if ((old & PAGE_MASK) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) || new_size == 0 || a->a[2] > 0xfffff000u)
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && stack_argument(0, &target))
        return -EFAULT;
    int i = region_index(old);
    if (old_size == 0 || i < 0 || old + old_size > regions[i].end || old + old_size < old)
        return -EFAULT;
    struct region source = regions[i];
    if (flags & MREMAP_FIXED) {
        if ((target & PAGE_MASK) || target < zk_boot.null_guard_end || target + new_size > zk_boot.user_end ||
            target + new_size < target || (target < old + old_size && old < target + new_size))
            return -EINVAL;
    } else if (new_size <= old_size) {
        if (new_size < old_size && unmap(old + new_size, old + old_size))
            return -ENOMEM;
        return (i32)old;
    } else if (old + new_size > old && old + new_size <= zk_boot.user_end &&
               range_is_free(old + old_size, old + new_size)) {
        int error = map_fresh(old + old_size, old + new_size, source.prot, source.kind);
        return error ? error : (i32)old;
    } else if (!(flags & MREMAP_MAYMOVE)) {
        return -ENOMEM;
    } else {
        target = find_free_top_down(new_size, zk_boot.mmap_top, zk_boot.mmap_floor);
        if (target == 0)
            return -ENOMEM;
    }
    int error = map_fresh(target, target + new_size, source.prot, source.kind);
    if (error)
        return error;
    memcpy((void *)target, (const void *)old, old_size < new_size ? old_size : new_size);
    range_insert(dirty, &dirty_count, MAX_DIRTY, target, target + new_size);
    unmap(old, old + old_size);
    return (i32)target;
}

/* madvise: MADV_DONTNEED zero-fills, as Linux does for private anonymous memory; every other
   advice is only advice. */
i32 sys_madvise(struct syscall_args *a)
{
    u32 start = a->a[0], length = a->a[1], advice = a->a[2];
    if (start & PAGE_MASK)
        return -EINVAL;
    u32 end = start + page_round_up(length);
    if (end < start)
        return -EINVAL;
    if (advice != MADV_DONTNEED)
        return 0;
    for (u32 address = start; address < end;) {
        int i = region_index(address);
        if (i < 0)
            return -ENOMEM;
        address = regions[i].end;
    }
    zero_dirty(start, end);
    /* What stays writable may be written again. */
    for (u32 address = start; address < end;) {
        int i = region_index(address);
        u32 piece_end = regions[i].end < end ? regions[i].end : end;
        if (regions[i].prot & PROT_WRITE)
            range_insert(dirty, &dirty_count, MAX_DIRTY, address, piece_end);
        address = piece_end;
    }
    return 0;
}
