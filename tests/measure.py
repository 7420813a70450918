#!/usr/bin/env python3
"""Non-test lines per crate and the longest non-test functions (the figures
issue 10 asked for). Usage: python3 tests/measure.py [ROOT] [HOW_MANY].
Non-test: files under crates/*/src, minus `#[cfg(test)]` items (mod blocks or
single items) and files named tests.rs / under a tests/ dir inside src.
Function length: from the `fn` line to its closing brace (brace counting that
skips strings, chars and comments well enough for this code base)."""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else '.'
top = int(sys.argv[2]) if len(sys.argv) > 2 else 15

def strip(line, state):
    # returns line with strings/comments blanked; state tracks block comment / raw string
    out = []; i = 0; n = len(line)
    while i < n:
        if state['block']:
            j = line.find('*/', i)
            if j < 0: return ''.join(out), state
            state['block'] = False; i = j + 2; continue
        if state['raw'] is not None:
            end = '"' + '#' * state['raw']
            j = line.find(end, i)
            if j < 0: return ''.join(out), state
            state['raw'] = None; i = j + len(end); continue
        if state['str']:
            j = i
            while j < n:
                if line[j] == '\\': j += 2; continue
                if line[j] == '"': break
                j += 1
            if j >= n: return ''.join(out), state
            state['str'] = False; i = j + 1; continue
        c = line[i]
        if line.startswith('//', i): break
        if line.startswith('/*', i): state['block'] = True; i += 2; continue
        m = re.match(r'b?r(#*)"', line[i:])
        if m and (i == 0 or not (line[i-1].isalnum() or line[i-1] == '_')):
            state['raw'] = len(m.group(1)); i += len(m.group(0)); continue
        if c == '"': state['str'] = True; i += 1; continue
        if c == "'":
            m = re.match(r"'(\\.|[^\\'])'", line[i:]) or re.match(r"'\\u\{[0-9a-fA-F]+\}'", line[i:])
            if m: i += len(m.group(0)); continue
        out.append(c); i += 1
    return ''.join(out), state

def analyse(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    state = {'block': False, 'raw': None, 'str': False}
    code = []
    for l in lines:
        s, state = strip(l, state); code.append(s)
    test = [False] * len(lines)
    i = 0
    while i < len(lines):
        if re.match(r'\s*#\[cfg\(test\)\]', code[i]):
            # mark through the end of the next item
            depth = 0; started = False; j = i + 1
            while j < len(lines):
                for ch in code[j]:
                    if ch == '{': depth += 1; started = True
                    elif ch == '}': depth -= 1
                if (started and depth == 0) or (not started and code[j].rstrip().endswith(';')): break
                j += 1
            for k in range(i, min(j + 1, len(lines))): test[k] = True
            i = j + 1; continue
        i += 1
    fns = []
    for i, s in enumerate(code):
        if test[i]: continue
        if re.search(r'\bfn\s+\w+', s):
            depth = 0; started = False; j = i
            while j < len(lines):
                for ch in code[j]:
                    if ch == '{': depth += 1; started = True
                    elif ch == '}': depth -= 1
                if started and depth == 0: break
                if not started and code[j].rstrip().endswith(';'): break
                j += 1
            if started:
                name = re.search(r'\bfn\s+(\w+)', s).group(1)
                fns.append((j - i + 1, f'{path}:{i+1} {name}'))
    nontest = sum(1 for i in range(len(lines)) if not test[i])
    return nontest, fns

crates = {}
allfns = []
for c in sorted(os.listdir(os.path.join(root, 'crates'))):
    src = os.path.join(root, 'crates', c, 'src')
    total = 0
    for d, _, fs in os.walk(src):
        for f in fs:
            if not f.endswith('.rs'): continue
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root)
            if f == 'tests.rs' or '/tests/' in rel: continue
            n, fns = analyse(p); total += n; allfns += fns
    crates[c] = total
for c, n in crates.items(): print(f'{c:20} {n:6} non-test lines')
print()
for n, w in sorted(allfns, reverse=True)[:top]: print(f'{n:5} {w}')
