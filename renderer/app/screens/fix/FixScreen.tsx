import { ScreenHeading } from '../../components/ScreenHeading';
import { useApp } from '../../store/context';
import { AccessStep } from './AccessStep';
import { ApplyStep } from './ApplyStep';
import { FixStepper } from './FixStepper';
import { InspectionStep } from './InspectionStep';
import { PlanStep } from './PlanStep';
import { VerifyStep } from './VerifyStep';

/** The fix wizard: reach the host → inspect → plan → fix → verify (and undo). */
export function FixScreen() {
  const step = useApp((s) => s.fixStep);
  const target = useApp((s) => s.runTarget || s.result?.input || '');
  return (
    <section className="screen fix-screen" aria-labelledby="fix-title" data-screen="fix" data-fix-step={step}>
      <ScreenHeading id="fix-title">Fix {target}</ScreenHeading>
      <FixStepper />
      {step === 'access' && <AccessStep />}
      {step === 'inspection' && <InspectionStep />}
      {step === 'plan' && <PlanStep />}
      {step === 'apply' && <ApplyStep />}
      {step === 'verify' && <VerifyStep />}
    </section>
  );
}
