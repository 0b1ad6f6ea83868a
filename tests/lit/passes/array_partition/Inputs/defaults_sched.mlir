sched.schedule @f {
  sched.partition "A"
  sched.partition "B" dim 2
}
