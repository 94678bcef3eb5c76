import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';
import i18n from '../i18n';

interface State {
  error: Error | null;
}

/** Keeps a failing page from blanking the whole shell. */
export default class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title={i18n.t('errors.crash')}
        subTitle={this.state.error.message}
        extra={
          <Button type="primary" onClick={() => this.setState({ error: null })}>
            {i18n.t('common.retry')}
          </Button>
        }
      />
    );
  }
}
