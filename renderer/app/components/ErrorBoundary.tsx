import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  onReset: () => void;
}
interface State {
  error: Error | null;
}

/** The last line of defence: a bug in a screen shows a message and a way back, never a blank window. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void {
    // Nothing is logged: the state may hold what the user typed.
  }

  reset = () => {
    this.setState({ error: null });
    this.props.onReset();
  };

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <section className="card" role="alert" data-testid="error-boundary">
        <h2 className="screen-heading">Something went wrong on this screen</h2>
        <p>RDP Doctor hit an unexpected problem showing this page: {this.state.error.message}</p>
        <button type="button" className="btn btn-primary" onClick={this.reset}>
          Start over
        </button>
      </section>
    );
  }
}
